using System.Diagnostics;
using Netperf.Testing.Processes;
using Netperf.Perf.Hosting;
using Netperf.Testing;
using Netperf.Perf.Tests.Processes;
using Netperf.Testing.Integration;
using Netperf.Testing.Secrets;

namespace Netperf.Perf.Tests.Comparison;

/// <summary>
/// <c>compare --legacy</c> through the real programs: samples/LegacyVsNew's LegacyCrc64Test (System.IO.Hashing 8.0.0,
/// run from its own folder) against the sample's Crc64Test (the current System.IO.Hashing).
/// </summary>
public sealed class LegacyModeTests : IDisposable
{
    private static readonly string SampleDll = Path.Combine(AppContext.BaseDirectory, "Netperf.Samples.PerfTests.dll");
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("npps-legacy-");

    private static string LegacyDll
    {
        get
        {
            // Same configuration and framework as this test assembly: .../bin/<Configuration>/<tfm>/.
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Name;
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Parent!.Name;
            return Path.Combine(RepositoryRoot.Find(), "samples", "LegacyVsNew", "Netperf.Samples.LegacyPerfTests", "bin", configuration, tfm, "Netperf.Samples.LegacyPerfTests.dll");
        }
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CompareLegacy_Crc64_RunsLegacyAndNewEachFromItsOwnBuildAndCompares()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync("compare", "--legacy", LegacyDll, "--blocks", "1", "--output", _folder.FullName, "--", "Crc64", "--duration", "1", "--warmup", "0", "--processes", "1");

        Assert.True(code is 0 or 3, output);
        Assert.Matches(@"LegacyCrc64Test -> Crc64Test: B vs A ops/s [+-][0-9.]+%.*: (improved|regressed|no change)", output);
        var tests = Directory.GetFiles(_folder.FullName, "run*.json")
            .Select(f => (Path.GetFileName(f), System.Text.Json.JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("test").GetString()))
            .ToList();
        Assert.Equal(4, tests.Count);
        Assert.All(tests, t => Assert.Equal(t.Item1.EndsWith("-A.json", StringComparison.Ordinal) ? "LegacyCrc64Test" : "Crc64Test", t.Item2));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CompareLegacy_SecretOption_OnNoChildCommandLineNorOutputAndBothBuildsGetIt()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var secret = new PlantedSecret();

        // LegacyHmacSignTest (the legacy build) and HmacSignTest (this program) both require the secret --key: a run
        // without it exits 2, and the legacy run with it.
        var (code, output) = await WatchedSampleRun.RunAsync(
            secret,
            $"{LegacyDll} --netperf-run LegacyHmacSignTest",
            TimeSpan.FromMinutes(3),
            "compare", "--legacy", LegacyDll, "--blocks", "1", "--output", _folder.FullName, "--", "HmacSign", "--key", secret.Value, "--duration", "1", "--warmup", "0", "--processes", "1");

        Assert.True(code is 0 or 3, $"exit {code}\n{output}");
        var runs = Directory.GetFiles(_folder.FullName, "run*.json");
        Assert.Equal(4, runs.Length);
        foreach (var run in runs)
        {
            secret.AssertNotInFile(run);
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(run));
            Assert.Equal(run.EndsWith("-A.json", StringComparison.Ordinal) ? "LegacyHmacSignTest" : "HmacSignTest", document.RootElement.GetProperty("test").GetString());
            Assert.Equal("***", document.RootElement.GetProperty("options").GetProperty("key").GetString());
        }
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CompareLegacy_NoLegacyCounterpart_NamesWhatIsMissingAndExit2()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync("compare", "--legacy", LegacyDll, "--output", _folder.FullName, "--", "CpuWorkTest", "--duration", "1");

        Assert.Equal(PerfExitCodes.UsageError, code);
        Assert.Contains("no counterpart: LegacyCpuWorkTest is missing from the legacy build", output);
        Assert.Contains("it has: ExceptionTest, HttpClientGetTest, LegacyCrc64Test, LegacyHmacSignTest", output);
        Assert.Empty(Directory.GetFiles(_folder.FullName));
    }

    public void Dispose() => _folder.Delete(recursive: true);

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { SampleDll } };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        return TestProcess.RunAsync(info, TimeSpan.FromMinutes(3));
    }
}
