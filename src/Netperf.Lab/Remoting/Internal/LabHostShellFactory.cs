using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Remoting.Internal;

/// <summary>
/// The default factory, over Netperf.Core's shells: <see cref="LabHostAccessKind.Local"/> hosts get a
/// <see cref="LocalProcessShell"/>, <see cref="LabHostAccessKind.Ssh"/> hosts an <see cref="OpenSshShell"/> with one
/// multiplexed connection per host (a host takes many short commands per pair). The shells it hands out share that
/// connection; disposing the factory closes every connection and removes its private folder.
/// </summary>
internal sealed class LabHostShellFactory(TimeProvider time, ILoggerFactory? loggerFactory = null) : ILabHostShellFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, OpenSshShell> _ssh = new(StringComparer.Ordinal);
    private readonly ILoggerFactory _loggers = loggerFactory ?? NullLoggerFactory.Instance;

    public IRemoteShell Create(LabHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Access.Kind == LabHostAccessKind.Local)
        {
            return new LocalProcessShell(_loggers.CreateLogger<LocalProcessShell>(), time);
        }

        var target = Target(host);
        var key = $"{target}|{target.IdentityFile}|{target.KnownHostsFile}|{target.HostKeyPolicy}|{target.Flavor}";
        return new SharedShell(_ssh.GetOrAdd(key, _ => new OpenSshShell(target, _loggers.CreateLogger<OpenSshShell>(), time)));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var shell in _ssh.Values)
        {
            await shell.DisposeAsync().ConfigureAwait(false);
        }

        _ssh.Clear();
    }

    /// <summary>
    /// How a lab host is reached. Without a <see cref="LabHostAccess.KnownHostsFile"/> the user's
    /// <c>~/.ssh/known_hosts</c> pins the key, and the user's <c>~/.ssh/config</c> is read when it exists (lab hosts
    /// are often reached through a jump host configured there). Hyper-V hosts get the text as sent
    /// (<see cref="RemoteShellFlavor.Native"/>): the driver names its own interpreter, whatever the SSH default shell is.
    /// </summary>
    internal static OpenSshTarget Target(LabHostOptions host)
    {
        var access = host.Access;
        var ssh = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh");
        var userConfig = Path.Combine(ssh, "config");
        return new OpenSshTarget
        {
            Host = host.Address,
            Port = access.Port,
            User = access.User,
            IdentityFile = access.IdentityFile,
            KnownHostsFile = access.KnownHostsFile ?? Path.Combine(ssh, "known_hosts"),
            HostKeyPolicy = string.Equals(access.StrictHostKeyChecking, "accept-new", StringComparison.OrdinalIgnoreCase)
                ? HostKeyPolicy.AcceptNewThenStrict
                : HostKeyPolicy.Strict,
            ConfigFile = File.Exists(userConfig) ? userConfig : null,
            ConnectTimeout = TimeSpan.FromSeconds(15),
            ControlPersist = TimeSpan.FromSeconds(30),
            Flavor = IsWindowsHost(host) ? RemoteShellFlavor.Native : RemoteShellFlavor.Posix,
        };
    }

    private static bool IsWindowsHost(LabHostOptions host) =>
        string.Equals(host.Hypervisor, LabHypervisors.HyperV, StringComparison.OrdinalIgnoreCase)
        || (string.Equals(host.Hypervisor, LabHypervisors.Static, StringComparison.OrdinalIgnoreCase)
            && string.Equals(host.Static?.Hypervisor, LabHypervisors.HyperV, StringComparison.OrdinalIgnoreCase));

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
