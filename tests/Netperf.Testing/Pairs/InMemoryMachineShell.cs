using System.Collections.Concurrent;
using Netperf.Core.Remoting;

namespace Netperf.Testing.Pairs;

/// <summary>
/// The shell of an in-memory machine: records every command and copy, and answers with
/// <see cref="Handler"/> (exit code 0 and no output unless set).
/// </summary>
public sealed class InMemoryMachineShell(string machineName) : IRemoteShell
{
    private readonly ConcurrentQueue<string> _commands = new();

    /// <inheritdoc />
    public string Description => $"memory://{machineName}";

    /// <summary>Answers commands; the default succeeds with no output.</summary>
    public Func<RemoteCommand, RemoteCommandResult>? Handler { get; set; }

    /// <summary>Every command text run, in order.</summary>
    public IReadOnlyList<string> Commands => [.. _commands];

    /// <summary>True once disposed.</summary>
    public bool IsDisposed { get; private set; }

    /// <inheritdoc />
    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        _commands.Enqueue(command.Text);
        return Task.FromResult(Handler?.Invoke(command)
            ?? new RemoteCommandResult { ExitCode = 0, StandardOutput = string.Empty, StandardError = string.Empty, Duration = TimeSpan.Zero });
    }

    /// <inheritdoc />
    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue($"copy-to {localPath} {remotePath}");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        _commands.Enqueue($"copy-from {remotePath} {localPath}");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        IsDisposed = true;
        return ValueTask.CompletedTask;
    }
}
