using System.Diagnostics;
using Netperf.Perf.Hosting;
using Netperf.Perf.Tests.Processes;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Perf.Tests.Hosting;

/// <summary>
/// The private <c>--netperf-run TEST</c> mode through the real sample program. Its use, the test arguments on
/// standard input, is shown by the <c>compare --ab</c>, <c>compare --legacy</c> and <c>versions</c> secret tests.
/// </summary>
public sealed class PipedRunModeTests
{
    [IntegrationFact(Prerequisite.Linux)]
    public async Task PipedRun_NoArgumentLineOnStandardInput_Exit2WithoutRunning()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { WatchedSampleRun.SampleDll, "--netperf-run", "NoOp" } };

        var (code, output) = await TestProcess.RunAsync(info, TimeSpan.FromMinutes(2));

        Assert.True(code == PerfExitCodes.UsageError, $"exit {code}\n{output}");
        Assert.Contains("did not receive its arguments from the parent on standard input", output);
        Assert.DoesNotContain("=== Iteration", output);
    }
}
