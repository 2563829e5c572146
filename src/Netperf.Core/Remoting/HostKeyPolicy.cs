namespace Netperf.Core.Remoting;

/// <summary>How an <see cref="OpenSshShell"/> treats the server's host key.</summary>
public enum HostKeyPolicy
{
    /// <summary>
    /// Trust on first use, an explicit opt-in: the first connection records an unknown host key in the shell's
    /// known_hosts file (<c>StrictHostKeyChecking=accept-new</c>), so whoever answers first is believed; every later
    /// connection demands that exact key (<c>StrictHostKeyChecking=yes</c>). A changed key is always refused.
    /// </summary>
    AcceptNewThenStrict,

    /// <summary>
    /// The default: the host key must already be pinned in the known_hosts file (<c>StrictHostKeyChecking=yes</c>);
    /// an unknown or changed key is refused.
    /// </summary>
    Strict,
}
