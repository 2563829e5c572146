using System.Diagnostics;

namespace Netperf.Core.Tests.Remoting;

/// <summary>Test helper: asks the machine whether a process whose command line contains a token still runs.</summary>
internal static class ProcessProbe
{
    public static async Task<bool> IsRunningAsync(string token)
    {
        using var pgrep = Process.Start(new ProcessStartInfo("pgrep", ["-f", token]) { RedirectStandardOutput = true })!;
        var output = await pgrep.StandardOutput.ReadToEndAsync();
        await pgrep.WaitForExitAsync();

        // pgrep matches its own command line too when run through a shell; it is started directly here.
        return pgrep.ExitCode == 0 && output.Trim().Length > 0;
    }

    /// <summary>Waits (bounded, by polling the kernel's state, not by sleeping a guess) until no such process runs.</summary>
    public static async Task<bool> IsGoneWithinAsync(string token, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        while (await IsRunningAsync(token))
        {
            if (watch.Elapsed > limit)
            {
                return false;
            }

            await Task.Yield();
        }

        return true;
    }

    public static string Token() => "47." + Random.Shared.Next(100000, 999999);
}
