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

    public void Dispose() => _folder.Delete(recursive: true);

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
