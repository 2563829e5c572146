using Netperf.Core.Remoting;

namespace Netperf.Lab.Remoting.Internal;

/// <summary>The host is this machine: commands run with <c>/bin/sh -c</c>.</summary>
internal sealed class LocalHostShell(TimeProvider time) : IRemoteShell
{
    public string Description => "local (/bin/sh)";

    public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        return ProcessRunner.RunAsync("/bin/sh", ["-c", command.Text], command, time, cancellationToken);
    }

    public async Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        var stream = File.OpenRead(localPath);
        await using (stream.ConfigureAwait(false))
        {
            var target = File.Create(remotePath);
            await using (target.ConfigureAwait(false))
            {
                await stream.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
        CopyToAsync(remotePath, localPath, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
