using System.Diagnostics;
using System.Text;
using Netperf.Core.Remoting;

namespace Netperf.Lab.Remoting.Internal;

/// <summary>
/// Runs one child process to completion with a timeout, streaming its output; kills the process tree when stopped.
/// The command's standard input goes to the process's standard input; its <see cref="RemoteCommand.Secrets"/> are
/// replaced by <c>***</c> in the output it returns and streams.
/// </summary>
internal static class ProcessRunner
{
    public static async Task<RemoteCommandResult> RunAsync(
        string fileName, IEnumerable<string> arguments, RemoteCommand command, TimeProvider time, CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = info };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var outDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Collect(Redact(e.Data, command.Secrets), stdout, command.OnOutputLine, outDone);
        process.ErrorDataReceived += (_, e) => Collect(Redact(e.Data, command.Secrets), stderr, command.OnErrorLine, errDone);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start '{fileName}'. Check that it is installed and on PATH.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (command.StandardInput is { } input)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process exited without reading its input; its exit code tells the story.
        }

        using var timeout = new CancellationTokenSource(command.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            await Task.WhenAll(outDone.Task, errDone.Task).WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }

        lock (stdout)
        {
            lock (stderr)
            {
                return new RemoteCommandResult
                {
                    ExitCode = timedOut ? -1 : process.ExitCode,
                    StandardOutput = stdout.ToString(),
                    StandardError = stderr.ToString(),
                    Duration = time.GetElapsedTime(start),
                    TimedOut = timedOut,
                };
            }
        }
    }

    private static string? Redact(string? line, IReadOnlyList<string> secrets)
    {
        if (line is null)
        {
            return null;
        }

        foreach (var secret in secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            line = line.Replace(secret, "***", StringComparison.Ordinal);
        }

        return line;
    }

    private static void Collect(string? line, StringBuilder sink, Action<string>? callback, TaskCompletionSource done)
    {
        if (line is null)
        {
            done.TrySetResult();
            return;
        }

        lock (sink)
        {
            sink.Append(line).Append('\n');
        }

        callback?.Invoke(line);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
