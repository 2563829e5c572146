using System.Diagnostics;
using Netperf.Core.Remoting;

namespace Netperf.Harness.Tests.Fakes;

/// <summary>
/// A hand-written <see cref="IRemoteShell"/> that runs each command with <c>sh -c</c> on this machine,
/// optionally behind a prefix such as <c>ip netns exec NS</c>: enough to drive the peer launcher for real.
/// </summary>
internal sealed class ShellCommandShell(params string[] prefix) : IRemoteShell
{
    public string Description => prefix.Length == 0 ? "sh" : string.Join(' ', prefix) + " sh";

    public List<string> Commands { get; } = [];

    public async Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        lock (Commands)
        {
            Commands.Add(command.Text);
        }

        var info = new ProcessStartInfo(prefix.Length == 0 ? "sh" : prefix[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var p in prefix.Skip(1))
        {
            info.ArgumentList.Add(p);
        }

        if (prefix.Length > 0)
        {
            info.ArgumentList.Add("sh");
        }

        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command.Text);
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = new System.Text.StringBuilder();
        var stderr = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stdout)
                {
                    stdout.AppendLine(e.Data);
                }

                command.OnOutputLine?.Invoke(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(command.Timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            timedOut = !cancellationToken.IsCancellationRequested;
            if (!timedOut)
            {
                throw;
            }
        }

        process.WaitForExit();
        return new RemoteCommandResult
        {
            ExitCode = process.ExitCode,
            StandardOutput = stdout.ToString(),
            StandardError = stderr.ToString(),
            Duration = started.Elapsed,
            TimedOut = timedOut,
        };
    }

    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        File.Copy(localPath, remotePath, overwrite: true);
        return Task.CompletedTask;
    }

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        File.Copy(remotePath, localPath, overwrite: true);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
