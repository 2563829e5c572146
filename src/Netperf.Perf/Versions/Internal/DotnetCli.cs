using System.Diagnostics;
using System.Text;
using Netperf.Perf.Processes.Internal;

namespace Netperf.Perf.Versions.Internal;

/// <summary>Runs <c>dotnet</c> and perf-test programs for <c>versions</c> and <c>compare --ab</c>, streaming nothing and keeping the output for errors.</summary>
internal static class DotnetCli
{
    public static Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        RunProgramAsync("dotnet", arguments, workingDirectory, cancellationToken);

    /// <summary>
    /// Runs <paramref name="test"/> of a perf-test program (<paramref name="fileName"/> after <paramref name="prefix"/>:
    /// an apphost, or <c>dotnet</c> and the program's dll) as <c>--netperf-run TEST</c>, with
    /// <paramref name="testArguments"/> on its standard input: the test's options may hold secrets that this program,
    /// running another build, cannot tell apart, and a command line is what <c>ps</c> shows every user.
    /// </summary>
    public static Task<(int ExitCode, string Output)> RunTestAsync(
        string fileName, IReadOnlyList<string> prefix, string test, IReadOnlyList<string> testArguments, string workingDirectory, CancellationToken cancellationToken) =>
        StartAndWaitAsync(fileName, [.. prefix, ChildProtocol.RunArgument, test], workingDirectory, ChildProtocol.Secrets(testArguments), cancellationToken);

    /// <summary>Runs any program (a perf-test apphost, or <c>dotnet</c>) the same way.</summary>
    public static Task<(int ExitCode, string Output)> RunProgramAsync(string fileName, IReadOnlyList<string> arguments, string workingDirectory, CancellationToken cancellationToken) =>
        StartAndWaitAsync(fileName, arguments, workingDirectory, input: null, cancellationToken);

    /// <summary>Runs the program with <paramref name="input"/>, when given, as the one line of its standard input.</summary>
    private static async Task<(int ExitCode, string Output)> StartAndWaitAsync(
        string fileName, IReadOnlyList<string> arguments, string workingDirectory, string? input, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = input is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        // No MSBuild nodes, build server or compiler server outliving the build: they would inherit the redirected
        // output and keep it open, so waiting for the output to end would wait for them (minutes, until they idle out).
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        using var process = new Process { StartInfo = info };
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (input is not null)
            {
                await WriteInputAsync(process, input, cancellationToken).ConfigureAwait(false);
            }

            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
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

    private static async Task WriteInputAsync(Process process, string input, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.WriteLineAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // It ended before reading; its exit code and output say why.
        }
    }
}
