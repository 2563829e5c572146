using Netperf.Results.Tests.Fixtures;
using Netperf.Testing;

namespace Netperf.Results.Tests.CommandLine;

/// <summary>The commands docs/results.md opens with, in order, on the sample's history: what the page says they do.</summary>
public sealed class SampleHistoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task DocumentedCommands_SampleHistory_ImportFindsTheDropOfNovember23AndWritesTheDashboard()
    {
        var csv = Path.Combine(RepositoryRoot.Find(), "samples", "results", "history.csv");

        var import = await ResultsCli.RunAsync(_folder.Path, "import-csv", csv);
        var check = await ResultsCli.RunAsync(_folder.Path, "check");
        var dashboard = await ResultsCli.RunAsync(_folder.Path, "dashboard", "-o", "netperf-results/dashboard");

        Assert.True(import.ExitCode == 0, import.Error);
        Assert.Contains("Imported into netperf-results/history.db: 60 points added", import.Output, StringComparison.Ordinal);
        Assert.Equal(3, check.ExitCode);
        var row = Assert.Single(check.Output.Split('\n'), l => l.StartsWith("confirmed", StringComparison.Ordinal));
        Assert.Contains("2026-11-23 02:00Z", row, StringComparison.Ordinal);
        Assert.Contains("-15.", row, StringComparison.Ordinal);
        Assert.Contains("TcpThroughputTest/ops-per-second", row, StringComparison.Ordinal);
        Assert.Equal(0, dashboard.ExitCode);
        Assert.True(File.Exists(_folder.File("netperf-results/dashboard/index.html")));
        Assert.True(File.Exists(_folder.File("netperf-results/dashboard/summary.md")));
    }

    public void Dispose() => _folder.Dispose();
}
