using System.Text.Json;
using Netperf.Testing.Integration;
using Netperf.Tool.Tests.Pairs;

namespace Netperf.Tool.Tests.Bench;

/// <summary><c>netperf bench pairs</c> through the real process, on the in-process simulated environment.</summary>
public sealed class BenchPairsCliTests
{
    [Fact]
    public async Task BenchPairs_Json_ReportsEachRoundsMachineCpuAndTheCpuFloorOfTheRatioFromThem()
    {
        await using var cli = new PairsCli();

        var (exit, stdout, stderr) = await cli.RunAsync("bench", "pairs", "--env", "simulated", "--delay", "50ms", "--counts", "1,2", "--rounds", "3", "--parallel-only", "--json");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("cores").GetInt32());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(6, results.Count);
        if (!OperatingSystem.IsLinux())
        {
            Assert.All(results, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("cpuSeconds").ValueKind));
            Assert.Equal(JsonValueKind.Null, root.GetProperty("cpuFloorRatio").ValueKind);
            return;
        }

        Assert.All(results, r => Assert.True(r.GetProperty("cpuSeconds").GetDouble() >= 0));

        // The floor is the median CPU at the most pairs, over the cores, against the median time to the fewest.
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(1);
        var cpuAtTwo = Median(results.Where(r => r.GetProperty("pairs").GetInt32() == 2).Select(r => r.GetProperty("cpuSeconds").GetDouble()));
        var readyAtOne = Median(results.Where(r => r.GetProperty("pairs").GetInt32() == 1).Select(r => r.GetProperty("readySeconds").GetDouble()));
        Assert.Equal(cpuAtTwo / Environment.ProcessorCount / readyAtOne, root.GetProperty("cpuFloorRatio").GetDouble(), precision: 9);
        var perPair = root.GetProperty("perPair").EnumerateArray().Single(g => g.GetProperty("pairs").GetInt32() == 2);
        Assert.Equal(cpuAtTwo, perPair.GetProperty("cpuMedianSeconds").GetDouble(), precision: 9);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task BenchPairs_Text_SaysWhichRatioTheMachinesCpuAllowsNextToTheMeasuredOne()
    {
        await using var cli = new PairsCli();

        var (exit, stdout, stderr) = await cli.RunAsync("bench", "pairs", "--env", "simulated", "--delay", "50ms", "--counts", "1,2", "--parallel-only");

        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("cpu s", stdout, StringComparison.Ordinal);
        Assert.Matches(@"CPU floor: 2 pairs kept this machine busy for [0-9.]+ CPU s \([0-9.]+ s per pair, median; every process, fakes included\); on [0-9]+ core\(s\) they cannot be ready in less than [0-9.]+ s = [0-9.]+x the time to 1", stdout);
    }
}
