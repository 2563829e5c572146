using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// Runs one local process for a <see cref="RemoteCommand"/>: writes its standard input, streams
/// both outputs line by line, enforces the timeout and cancellation by stopping the remote side
/// (when there is one) and killing the whole local process tree.
/// </summary>
internal sealed class ProcessRunner
{
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _shell;

    public ProcessRunner(TimeProvider time, ILogger logger, string shell)
    {
        _time = time;
        _logger = logger;
        _shell = shell;
    }

    /// <summary>Filters standard error lines; returns false to hide a line (for example a marker line).</summary>
    public Func<string, bool>? ErrorLineFilter { get; init; }

    /// <summary>
    /// Stops the remote side of a command that timed out or was cancelled, before the local process is killed.
    /// It gets the task of the local process's exit (a client that exits by itself has nothing left to stop).
    /// </summary>
    public Func<Task, CancellationToken, Task>? StopRemoteAsync { get; init; }

    public async Task<RemoteCommandResult> RunAsync(ProcessStartInfo startInfo, RemoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startInfo);
        ArgumentNullException.ThrowIfNull(command);
        if (command.Timeout <= TimeSpan.Zero && command.Timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(command), command.Timeout, "RemoteCommand.Timeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var display = SecretRedactor.Describe(command);
        startInfo.UseShellExecute = false;
        startInfo.RedirectStandardInput = true;
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.StandardOutputEncoding = Encoding.UTF8;
        startInfo.StandardErrorEncoding = Encoding.UTF8;

        RemotingLog.CommandStarting(_logger, _shell, display, command.Timeout);
        var started = _time.GetTimestamp();
        using var process = new Process { StartInfo = startInfo };
        process.Start();

        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readOut = PumpAsync(process.StandardOutput, stdout, command.OnOutputLine, null, command, display);
        var readErr = PumpAsync(process.StandardError, stderr, command.OnErrorLine, ErrorLineFilter, command, display);
        var writeIn = WriteInputAsync(process, command.StandardInput);

        using var timeout = new CancellationTokenSource(command.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var stopped = false;
        try
        {
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            stopped = true;
            await StopAsync(process, display).ConfigureAwait(false);
        }

        await DrainAsync(Task.WhenAll(readOut, readErr, writeIn)).ConfigureAwait(false);
        var duration = _time.GetElapsedTime(started);
        if (stopped && cancellationToken.IsCancellationRequested)
        {
            RemotingLog.CommandCancelled(_logger, _shell, display);
            throw new OperationCanceledException($"'{display}' on {_shell} was cancelled and stopped.", null, cancellationToken);
        }

        var exitCode = process.HasExited ? process.ExitCode : -1;
        if (stopped)
        {
            RemotingLog.CommandTimedOut(_logger, _shell, display, command.Timeout);
        }
        else
        {
            RemotingLog.CommandCompleted(_logger, _shell, display, exitCode, duration);
        }

        return new RemoteCommandResult
        {
            ExitCode = stopped ? -1 : exitCode,
            StandardOutput = SecretRedactor.Redact(stdout.ToString(), command.Secrets),
            StandardError = SecretRedactor.Redact(stderr.ToString(), command.Secrets),
            Duration = duration,
            TimedOut = stopped,
        };
    }

    private async Task StopAsync(Process process, string display)
    {
        if (StopRemoteAsync is not null && !process.HasExited)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30), _time);
            try
            {
                await StopRemoteAsync(process.WaitForExitAsync(limit.Token), limit.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException or System.ComponentModel.Win32Exception)
            {
                RemotingLog.RemoteStopFailed(_logger, _shell, display, ex.Message);
            }
        }

        KillTree(process);
        using var wait = new CancellationTokenSource(DrainLimit, _time);
        try
        {
            await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The kill was delivered; a process stuck in the kernel is reported by HasExited below.
        }
    }

    internal static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Already gone or not ours to kill; nothing more can be done.
        }
    }

    private async Task DrainAsync(Task readers)
    {
        // A grandchild that escaped the tree kill could hold a pipe open; never wait on it forever.
        using var limit = new CancellationTokenSource(DrainLimit, _time);
        try
        {
            await readers.WaitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Output after the limit is dropped; the result carries what arrived.
        }
        catch (IOException)
        {
            // A pipe closed under us by the kill.
        }
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input).ConfigureAwait(false);
                await process.StandardInput.FlushAsync().ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The process exited without reading its input.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already closed by the exit.
            }
        }
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder sink, Action<string>? callback, Func<string, bool>? filter, RemoteCommand command, string display)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            if (filter is not null && !filter(line))
            {
                continue;
            }

            sink.Append(line).Append('\n');
            if (callback is null)
            {
                continue;
            }

            try
            {
                callback(SecretRedactor.Redact(line, command.Secrets));
            }
#pragma warning disable CA1031 // A caller's callback must not stall the pipe; its failure is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RemotingLog.CallbackFailed(_logger, _shell, display, ex);
            }
        }
    }
}
