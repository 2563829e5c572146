using System.Diagnostics;

namespace Netperf.Testing.Namespaces;

/// <summary>Runs a root command on this machine for test set-up and tear-down (not product code).</summary>
public static class HostCommand
{
    /// <summary>Runs <paramref name="script"/> with <c>/bin/sh -c</c>; returns exit code and combined output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string script, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start /bin/sh.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Set-up command timed out: {script}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Runs <paramref name="script"/> and throws with its output when it fails.</summary>
    public static async Task<string> CheckAsync(string script, TimeSpan? timeout = null)
    {
        var (code, output) = await RunAsync(script, timeout);
        if (code != 0)
        {
            throw new InvalidOperationException($"Set-up command failed (exit {code}): {script}\n{output}");
        }

        return output;
    }
}
