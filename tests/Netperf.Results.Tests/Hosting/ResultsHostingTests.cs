using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Netperf.Results.Detection;
using Netperf.Results.Hosting;
using Netperf.Results.Tests.Fixtures;

namespace Netperf.Results.Tests.Hosting;

public sealed class ResultsHostingTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task AddNetperfResults_StoreFromConfiguration_IngestsAndChecksThroughResultHistory()
    {
        var store = _folder.File("team.db");
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netperf:Results:Store"] = store,
            ["Netperf:Results:Detection:ConfirmPoints"] = "5",
        });
        builder.Services.AddNetperfResults();
        using var host = builder.Build();
        await host.StartAsync();

        var history = host.Services.GetRequiredService<ResultHistory>();
        for (var day = 0; day < 30; day++)
        {
            ResultFiles.Write(_folder.File("in"), ResultFiles.Run(day < 26 ? 1000 + (day % 3) : 700 + (day % 3), ResultFiles.Start.AddDays(day), "c" + day));
        }

        var summary = await history.IngestAsync([_folder.File("in")]);
        var report = await history.CheckAsync();

        Assert.Equal(30, summary.RunsAdded);
        Assert.Equal(store, history.StoreLocation);
        Assert.Equal(5, host.Services.GetRequiredService<IOptions<ResultsOptions>>().Value.Detection.ConfirmPoints);
        var series = Assert.Single(report.Series);
        Assert.Equal(RegressionVerdict.Suspected, series.Verdict); // 4 points after the drop, 5 needed to confirm
        Assert.Equal(26, series.Culprit!.Index);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddNetperfResults_BadOptions_HostStopsAtStartNamingEverySetting()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddNetperfResults(o =>
        {
            o.Store = _folder.Path;
            o.Detection.Significance = 0.5;
            o.IgnoredOptions = ["results-file", " "];
        });
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(failure.Failures, f => f.StartsWith("Netperf:Results:Store is the folder", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Netperf:Results:Detection:Significance", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.StartsWith("Netperf:Results:IgnoredOptions has a blank entry", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddNetperfResults_PostgreSqlStoreWithoutHost_HostStopsAtStart()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddNetperfResults(o => o.Store = "Host=;Database=netperf");
        using var host = builder.Build();

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(failure.Failures, f => f.StartsWith("Netperf:Results:Store", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_AcrossImage_ComparesSeriesThatDifferOnlyInImageAsOne()
    {
        var services = new ServiceCollection().AddNetperfResults(o => o.Store = _folder.File("across.db")).BuildServiceProvider();
        var history = services.GetRequiredService<ResultHistory>();
        for (var day = 0; day < 40; day++)
        {
            // Ubuntu runs until day 19, then the same test moves to Windows and runs 25% slower.
            var image = day < 20 ? "ubuntu-24.04" : "windows-2022";
            ResultFiles.Write(_folder.File("in"), ResultFiles.Run(day < 20 ? 1000 + (day % 5) : 750 + (day % 5), ResultFiles.Start.AddDays(day), "c" + day, image: image));
        }

        await history.IngestAsync([_folder.File("in")]);
        var within = await history.CheckAsync();
        var across = await history.CheckAsync(new CheckRequest { Across = ["image"] });

        Assert.Equal(2, within.Series.Count);
        Assert.All(within.Series, s => Assert.Equal(RegressionVerdict.None, s.Verdict));
        var merged = Assert.Single(across.Series);
        Assert.Null(merged.Key["image"]);
        Assert.Equal(RegressionVerdict.Confirmed, merged.Verdict);
        Assert.Contains("except across image as asked", across.Scope, StringComparison.Ordinal);
        await services.DisposeAsync();
    }

    public void Dispose() => _folder.Dispose();
}
