using System.Diagnostics;
using Netperf.Testing.Processes;
using Netperf.Testing.Secrets;

namespace Netperf.Perf.Tests.Processes;

/// <summary>
/// Runs the sample perf-test program (<c>dotnet Netperf.Samples.PerfTests.dll ARGS</c>) to its end with a planted
/// secret on its own command line (the test's doing, so that process is left out), while a
/// <see cref="CommandLineWatch"/> records every other process's command line: the program's children and theirs.
/// Fails when the secret was on any of them, or in what the program printed, and when no command line holding
/// <c>child</c> was seen at all (a watch that missed the children proves nothing).
/// </summary>
internal static class WatchedSampleRun
{
    public static readonly string SampleDll = Path.Combine(AppContext.BaseDirectory, "Netperf.Samples.PerfTests.dll");

    public static Task<(int ExitCode, string Output)> RunAsync(PlantedSecret secret, string child, TimeSpan timeout, params string[] args) =>
        RunInFolderAsync(Directory.GetCurrentDirectory(), secret, child, timeout, args);

    /// <summary>The same, started in <paramref name="folder"/> (where relative paths of its arguments start).</summary>
    public static async Task<(int ExitCode, string Output)> RunInFolderAsync(string folder, PlantedSecret secret, string child, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { ArgumentList = { SampleDll }, WorkingDirectory = folder };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        await using var run = RunningProcess.Start(info);
        await using var watch = CommandLineWatch.Start(except: [run.Id]);
        var code = await run.WaitForExitAsync(timeout);
        await watch.AssertNeverSeenAsync(secret.Value);
        Assert.True(watch.Saw(child), $"the command-line watch saw no command line holding '{child}' ({watch.Scans} scans):\n{run.Output}");
        secret.AssertNotIn("the program's output", run.Output);
        return (code, run.Output);
    }
}
