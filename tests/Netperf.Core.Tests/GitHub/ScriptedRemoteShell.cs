using Netperf.Core.Remoting;

namespace Netperf.Core.Tests.GitHub;

/// <summary>A remote shell that records what it is asked to run and answers from a script the test gives.</summary>
internal sealed class ScriptedRemoteShell(Func<RemoteCommand, RemoteCommandResult>? respond = null) : IRemoteShell
{
    private readonly List<RemoteCommand> _commands = [];
    private readonly List<(string Local, string Remote)> _copies = [];

    public string Description => "scripted test shell";

    public IReadOnlyList<RemoteCommand> Commands => _commands;

    public IReadOnlyList<(string Local, string Remote)> Copies => _copies;

    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _commands.Add(command);
        return Task.FromResult(respond?.Invoke(command) ?? Ok());
    }

    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        _copies.Add((localPath, remotePath));
        return Task.CompletedTask;
    }

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The runner installer never copies files back.");

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static RemoteCommandResult Ok(string stdout = "") =>
        new() { ExitCode = 0, StandardOutput = stdout, StandardError = string.Empty, Duration = TimeSpan.FromSeconds(1) };
}
