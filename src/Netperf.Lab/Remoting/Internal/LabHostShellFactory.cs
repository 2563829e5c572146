using System.Collections.Concurrent;
using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Remoting.Internal;

/// <summary>
/// The default factory: <see cref="LabHostAccessKind.Local"/> runs local processes, <see cref="LabHostAccessKind.Ssh"/>
/// the OpenSSH client over one multiplexed connection per host (a host takes many short commands per pair). The
/// shells it hands out share that connection; disposing the factory closes every connection and its control folder.
/// </summary>
internal sealed class LabHostShellFactory(TimeProvider time) : ILabHostShellFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SshHostShell> _ssh = new(StringComparer.Ordinal);
    private readonly Lazy<string> _controlFolder = new(() =>
        Directory.CreateTempSubdirectory("npl-ssh-").FullName, LazyThreadSafetyMode.ExecutionAndPublication);

    public IRemoteShell Create(LabHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Access.Kind == LabHostAccessKind.Local)
        {
            return new LocalHostShell(time);
        }

        var key = $"{host.Access.User}@{host.Address}:{host.Access.Port}|{host.Access.IdentityFile}|{host.Access.KnownHostsFile}";
        return new SharedShell(_ssh.GetOrAdd(key, _ => new SshHostShell(host, time, _controlFolder.Value)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shell in _ssh.Values)
        {
            await shell.DisposeAsync().ConfigureAwait(false);
        }

        _ssh.Clear();
        if (_controlFolder.IsValueCreated)
        {
            try
            {
                Directory.Delete(_controlFolder.Value, recursive: true);
            }
            catch (IOException)
            {
                // A master that outlived "-O exit" removes its socket when it ends.
            }
        }
    }

    /// <summary>A handle on a shared connection; disposing the handle leaves the connection to the factory.</summary>
    private sealed class SharedShell(IRemoteShell inner) : IRemoteShell
    {
        public string Description => inner.Description;

        public Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default) =>
            inner.RunAsync(command, cancellationToken);

        public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default) =>
            inner.CopyToAsync(localPath, remotePath, cancellationToken);

        public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default) =>
            inner.CopyFromAsync(remotePath, localPath, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
