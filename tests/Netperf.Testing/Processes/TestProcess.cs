using System.Diagnostics;
using System.Text;

namespace Netperf.Testing.Processes;

/// <summary>
/// Runs a child process for a test to its end: standard output and error interleaved as they come,
/// standard input closed, the whole process tree killed at the timeout. Builds the child starts leave no
/// MSBuild node, build server or compiler server behind: those would inherit the redirected output and
/// keep it open, so waiting for the output to end would wait minutes for them to idle out.
/// </summary>
public static class TestProcess
{
    /// <summary>Runs <paramref name="info"/> (its redirections are set here) and returns the exit code and output.</summary>
    /// <param name="info">What to start; its file name, arguments, folder and environment are kept.</param>
    /// <param name="timeout">How long it may run before its tree is killed and <see cref="TimeoutException"/> thrown.</param>
    /// <returns>The exit code and everything it printed.</returns>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo info, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(info);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.UseShellExecute = false;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            lock (gate)
            {
                throw new TimeoutException($"'{info.FileName} {string.Join(' ', info.ArgumentList)}{info.Arguments}' ran past {timeout.TotalSeconds:0} s:\n{output}");
            }
        }

        lock (gate)
        {
            return (process.ExitCode, output.ToString());
        }

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (gate)
                {
                    output.AppendLine(line);
                }
            }
        }
    }
}
