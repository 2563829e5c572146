using System.Diagnostics;
using Netperf.Testing.Processes;
using Netperf.Perf.Hosting;
using Netperf.Testing.Integration;

namespace Netperf.Perf.Tests.Hosting;

/// <summary>Discovery diagnostics through the real sample program.</summary>
public sealed class ListVerboseProcessTests
{
    private static readonly string SampleDll = Path.Combine(AppContext.BaseDirectory, "Netperf.Samples.PerfTests.dll");

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ListVerbose_SampleProgram_ListsTestsAndWhatWasNotTaken()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync("--list", "--verbose");

        Assert.Equal(0, code);
        Assert.Contains("  CpuWorkTest", output);
        Assert.Contains("Not taken:", output);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Run_TypoInTheTestName_Exit2WithTheClosestMatch()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var (code, output) = await RunAsync("CpuWrokTest", "--duration", "1");

        Assert.Equal(PerfExitCodes.UsageError, code);
        Assert.Contains("Unknown test 'CpuWrokTest'. Did you mean: CpuWorkTest", output);
        Assert.Contains("--list --verbose", output);
    }

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
