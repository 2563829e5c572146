using System.Diagnostics;
using System.Text;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>Runs the dotnet CLI for the packaging test and keeps its output for the failure message.</summary>
internal static class ProcessRunner
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        // No MSBuild nodes, build server or compiler server outliving the build: they would inherit the redirected
        // output and keep it open, so waiting for the output to end would wait for them (minutes, until they idle out).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {arguments}' ran past {timeout}:\n{output}");
        }

        lock (gate)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
