using System.Diagnostics;
using Netperf.Testing.Arm;

namespace Netperf.Tool.Tests.Azure;

/// <summary>The built <c>netperf</c> as a child process against the ARM fake, configured only through environment variables.</summary>
internal static class AzureCli
{
    /// <summary>The <c>Netperf__Azure__*</c> settings that point the tool at <paramref name="fake"/> (10 ms polls).</summary>
    public static Dictionary<string, string> Settings(FakeArmServer fake) => FakeArmToolSettings.For(fake, TimeSpan.FromMilliseconds(10));

    /// <summary>Runs the tool with <paramref name="args"/> and <paramref name="environment"/>; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan timeout, params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "netperf.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        using var cancel = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var stderr = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
