using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Netperf.Results.Hosting;
using Netperf.Results.Reporting;
using Netperf.Results.Tests.Fixtures;
using Netperf.Testing.Integration;

namespace Netperf.Results.Tests.Reporting;

/// <summary>The dashboard as a person sees it: Debian's Chromium, headless, driven by Playwright, with the network watched.</summary>
public sealed class DashboardBrowserTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task WriteDashboardAsync_Page_IsSelfContained()
    {
        var output = await WriteAsync();
        var html = await File.ReadAllTextAsync(output.PagePath);

        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<link", html, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Chromium)]
    public async Task Dashboard_InHeadlessChromium_ChartsPerSeriesChangeMarkedRegressionsOnTopAndHoverShowsCommitAndMachine()
    {
        Prerequisites.Ensure(Prerequisite.Chromium);
        var output = await WriteAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Prerequisites.FindExecutable("chromium"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(new Uri(output.PagePath).AbsoluteUri);
        await page.WaitForSelectorAsync("body[data-rendered='true']");
        var screenshot = Path.Combine(_folder.Path, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });

        Assert.Empty(errors);
        Assert.All(requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        var png = await File.ReadAllBytesAsync(screenshot);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes: the page looks empty");

        // Regressions table on top, before the charts.
        var firstTable = await page.EvalOnSelectorAsync<string>("body", "b => b.querySelector('table, svg').tagName");
        Assert.Equal("TABLE", firstTable);
        var rows = await page.QuerySelectorAllAsync("#regressions-table tbody tr");
        var row = Assert.Single(rows);
        var rowText = await row.InnerTextAsync();
        Assert.Contains("confirmed", rowText, StringComparison.Ordinal);
        Assert.Contains("commit19..commit20", rowText, StringComparison.Ordinal);

        // One chart per series, grouped by test x environment x image.
        Assert.Equal(2, (await page.QuerySelectorAllAsync("svg.chart[data-rendered='true']")).Count);
        var sections = await page.Locator("section.group > h2").AllInnerTextsAsync();
        Assert.Equal(["TcpRequestResponseTest · azure · windows-2022", "TcpThroughputTest · azure · ubuntu-24.04"], sections);

        // The change is marked on the throughput chart, as a regression.
        var chart = page.Locator("figure.verdict-confirmed svg.chart");
        Assert.Equal(1, await chart.Locator(".change-marker.regression").CountAsync());
        Assert.Equal(30, await chart.Locator("circle.point").CountAsync());

        // Hover the first point after the change: its commit and machine.
        await chart.Locator("circle.point[data-index='20']").HoverAsync();
        var tooltip = page.Locator("#tooltip");
        await tooltip.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
        var tip = await tooltip.InnerTextAsync();
        Assert.Contains("commit commit20", tip, StringComparison.Ordinal);
        Assert.Contains("machine vm-a", tip, StringComparison.Ordinal);
        Assert.Contains("run run20", tip, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task<DashboardOutput> WriteAsync()
    {
        var csv = _folder.File("history.csv");
        await File.WriteAllTextAsync(csv, History.RegressionCsv());
        await using var services = new ServiceCollection().AddNetperfResults(o => o.Store = _folder.File("h.db")).BuildServiceProvider();
        var history = services.GetRequiredService<ResultHistory>();
        await history.ImportCsvAsync(csv);
        return await history.WriteDashboardAsync(_folder.File("site"));
    }
}
