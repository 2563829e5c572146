using Netperf.Perf.Comparison.Internal;
using Netperf.Perf.Hosting;
using Netperf.Perf.Results;
using Netperf.Perf.Tests.Export;

namespace Netperf.Perf.Tests.Comparison;

public sealed class CompareModeTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("npps-compare-");

    [Fact]
    public async Task RunAsync_SameBuildTwice_NoChangeAndExit0()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run(iterations: 5, noise: 0.02, seed: 1));
        var b = await WriteAsync("b.json", ResultFixtures.Run(iterations: 5, noise: 0.02, seed: 2));

        var (code, output) = await RunAsync(a, b, "--fail-on-regression");

        Assert.Equal(0, code);
        Assert.Contains("NoOpTest: no change", output);
    }

    [Fact]
    public async Task RunAsync_TenPercentRegression_RegressedAndExit3()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run(opsPerSecond: 1000, iterations: 5, noise: 0.02, seed: 1));
        var b = await WriteAsync("b.json", ResultFixtures.Run(opsPerSecond: 900, iterations: 5, noise: 0.02, seed: 2));

        var (code, output) = await RunAsync(a, b, "--fail-on-regression");

        Assert.Equal(CompareMode.RegressionExitCode, code);
        Assert.Contains("NoOpTest: regressed", output);
        Assert.Equal(0, (await RunAsync(a, b)).Code);
    }

    [Fact]
    public async Task RunAsync_SeveralFilesPerSide_SplitByVs()
    {
        var files = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            files.Add(await WriteAsync($"{i}.json", ResultFixtures.Run(opsPerSecond: i < 2 ? 1000 : 1200, iterations: 1, noise: 0.02, seed: i)));
        }

        var (code, output) = await RunAsync(files[0], files[1], "--vs", files[2], files[3]);

        Assert.Equal(0, code);
        Assert.Contains("NoOpTest: improved", output);
        Assert.Contains("2 iterations vs 2 iterations", output);
    }

    [Fact]
    public async Task RunAsync_OneFile_UsageError()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run());

        Assert.Equal(PerfExitCodes.UsageError, (await RunAsync(a)).Code);
    }

    [Fact]
    public async Task RunAsync_RunsWithDifferentRates_RefusedNamingTheOptionAndExit2()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run(iterations: 3, seed: 1));
        var paced = ResultFixtures.Run(iterations: 3, seed: 2);
        var b = await WriteAsync("b.json", paced with { Options = new Dictionary<string, object?> { ["parallel"] = 2, ["rate"] = 2000 } });

        var (code, output) = await RunAsync(a, b);

        Assert.Equal(PerfExitCodes.UsageError, code);
        Assert.Contains("option 'rate' is (absent) in a.json but 2000 in b.json", output);
        Assert.DoesNotMatch("NoOpTest: (no change|regressed|improved)", output);
    }

    [Fact]
    public async Task RunAsync_DifferentOptionsAllowed_VerdictWithAWarning()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run(iterations: 3, seed: 1));
        var b = await WriteAsync("b.json", ResultFixtures.Run(iterations: 3, seed: 2) with { Options = new Dictionary<string, object?> { ["parallel"] = 4 } });

        var (code, output) = await RunAsync(a, b, "--allow-differences");

        Assert.Equal(0, code);
        Assert.Contains("WARNING: NoOpTest: option 'parallel' is 2 in a.json but 4 in b.json", output);
    }

    [Fact]
    public async Task RunAsync_AnotherMachine_LoudWarningBesideTheVerdict()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run(iterations: 3, seed: 1));
        var other = ResultFixtures.Run(iterations: 3, seed: 2);
        var b = await WriteAsync("b.json", other with { Environment = other.Environment with { ProcessorCount = 64 } });

        var (code, output) = await RunAsync(a, b);

        Assert.Equal(0, code);
        Assert.Contains("WARNING: NoOpTest: environment 'processorCount'", output);
        Assert.Contains("NoOpTest: no change", output);
    }

    [Fact]
    public async Task RunAsync_OneIterationEach_ShowsTheFilesOwnOpsPerSecond()
    {
        // Status intervals that average to something else than the file's figure (a ramp-up, a slow last second).
        var first = SkewIntervals(ResultFixtures.Run(opsPerSecond: 1234.5, iterations: 1, seed: 1));
        var second = SkewIntervals(ResultFixtures.Run(opsPerSecond: 1000, iterations: 1, seed: 2));
        var a = await WriteAsync("a.json", first);
        var b = await WriteAsync("b.json", second);

        var (_, output) = await RunAsync(a, b);

        var line = output.Split('\n').Single(l => l.StartsWith("NoOpTest", StringComparison.Ordinal) && l.Contains("ops/s", StringComparison.Ordinal));
        Assert.Contains(first.OpsPerSecond.ToString("N2", System.Globalization.CultureInfo.InvariantCulture), line);
        Assert.Contains(second.OpsPerSecond.ToString("N2", System.Globalization.CultureInfo.InvariantCulture), line);
    }

    [Fact]
    public async Task RunAsync_DifferentTests_UsageErrorNamingBoth()
    {
        var a = await WriteAsync("a.json", ResultFixtures.Run(test: "NoOpTest"));
        var b = await WriteAsync("b.json", ResultFixtures.Run(test: "SleepTest"));

        var (code, output) = await RunAsync(a, b);

        Assert.Equal(PerfExitCodes.UsageError, code);
        Assert.Contains("base: NoOpTest; head: SleepTest", output);
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static PerfRunResult SkewIntervals(PerfRunResult result) => result with
    {
        Iterations = [.. result.Iterations.Select(i => i with
        {
            Samples =
            [
                new PerfSample { ElapsedSeconds = 1, CompletedOperations = 100, CurrentOpsPerSecond = 100, AverageOpsPerSecond = 100 },
                new PerfSample { ElapsedSeconds = 2, CompletedOperations = 400, CurrentOpsPerSecond = 300, AverageOpsPerSecond = 200 },
            ],
        })],
    };

    private async Task<string> WriteAsync(string name, PerfRunResult result)
    {
        var path = Path.Combine(_folder.FullName, name);
        await PerfResultsFile.WriteAsync(path, result);
        return path;
    }

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var context = new PerfProgramContext(output, output, []);
        var code = await new CompareMode().RunAsync(context, args, default);
        return (code, output.ToString());
    }
}
