namespace Netperf.Core.Remoting;

/// <summary>
/// A session that runs commands on one machine and copies files to and from it. Implementations
/// wrap real tools: local processes, the OpenSSH client, PowerShell over SSH, Azure Run Command.
/// </summary>
public interface IRemoteShell : IAsyncDisposable
{
    /// <summary>A short, secret-free description for logs and reports, such as <c>ssh root@10.0.0.5:22</c>.</summary>
    string Description { get; }

    /// <summary>Runs a command to completion (or until its timeout or cancellation, which stop it).</summary>
    /// <param name="command">What to run.</param>
    /// <param name="cancellationToken">Stops the command; the remote process is terminated.</param>
    /// <returns>The exit code and output. A non-zero exit code is a result, not an exception.</returns>
    Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default);

    /// <summary>Copies a local file to the machine.</summary>
    /// <param name="localPath">The file on the orchestrator.</param>
    /// <param name="remotePath">Where to write it on the machine.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the file is written.</returns>
    Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default);

    /// <summary>Copies a file from the machine to the orchestrator.</summary>
    /// <param name="remotePath">The file on the machine.</param>
    /// <param name="localPath">Where to write it locally.</param>
    /// <param name="cancellationToken">Cancels the copy.</param>
    /// <returns>A task that completes when the file is written.</returns>
    Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default);
}
