using System.Diagnostics;
using System.Text.Json;
using Netperf.Perf.Export.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Perf.Tests.Export;

public sealed class ExportersTests
{
    [Fact]
    public void MarkdownExporter_Result_HasTableAndLatency()
    {
        var md = MarkdownExporter.Format(ResultFixtures.Run());

        Assert.Contains("### Netperf: NoOpTest", md);
        Assert.Contains("| iteration | operations | ops/s |", md);
        Assert.Contains("Service time: p50", md);
    }

    [Fact]
    public void CsvExporter_Result_HasTotalAndPerProcessRows()
    {
        var lines = CsvExporter.Format(ResultFixtures.Run()).TrimEnd().Split('\n');

        Assert.Equal("stage,process,elapsedSeconds,completedOperations,currentOpsPerSecond,averageOpsPerSecond", lines[0]);
        Assert.Equal(7, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("Iteration-1,-1,1,", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Iteration-1,1,2,", StringComparison.Ordinal));
    }

    [Fact]
    public void JobStatistics_Result_IsCrankBlockWithOpsAndLatency()
    {
        var text = JobStatistics.Format(ResultFixtures.Run(), DateTimeOffset.UnixEpoch);
        var lines = text.Split(Environment.NewLine);

        Assert.Equal("#StartJobStatistics", lines[0]);
        Assert.Equal("#EndJobStatistics", lines[2]);
        using var json = JsonDocument.Parse(lines[1]);
        var names = json.RootElement.GetProperty("measurements").EnumerateArray().Select(m => m.GetProperty("name").GetString()).ToList();
        Assert.Contains("netperf/ops-per-second", names);
        Assert.Contains("netperf/latency/p99", names);
        Assert.Equal(names.Count, json.RootElement.GetProperty("metadata").GetArrayLength());
    }

    [Fact]
    public void HtmlExporter_Result_IsSelfContained()
    {
        var html = HtmlExporter.Format(ResultFixtures.Run());

        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
        Assert.Contains("id=\"chart-ops\"", html);
        Assert.Contains("id=\"chart-latency\"", html);
    }

    [IntegrationFact(Prerequisite.Chromium)]
    public async Task HtmlExporter_LoadedInHeadlessChromium_RendersBothCharts()
    {
        Prerequisites.Ensure(Prerequisite.Chromium);
        var folder = Directory.CreateTempSubdirectory("npps-html-");
        try
        {
            var file = Path.Combine(folder.FullName, "report.html");
            await File.WriteAllTextAsync(file, HtmlExporter.Format(ResultFixtures.Run()));
            var info = new ProcessStartInfo(Prerequisites.FindExecutable("chromium")!) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", $"--user-data-dir={Path.Combine(folder.FullName, "profile")}", "--dump-dom", new Uri(file).AbsoluteUri })
            {
                info.ArgumentList.Add(a);
            }

            using var chromium = Process.Start(info)!;
            var stderr = chromium.StandardError.ReadToEndAsync();
            var dom = await chromium.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await chromium.WaitForExitAsync(timeout.Token);
            await stderr;

            Assert.Contains("id=\"chart-ops\" width=\"800\" height=\"320\" data-rendered=\"true\"", dom);
            Assert.Contains("id=\"chart-latency\" width=\"800\" height=\"320\" data-rendered=\"true\"", dom);
            Assert.True(dom.Split("class=\"series\"").Length - 1 >= 4, "both charts must draw their series (3 ops series + 1 latency curve)");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
