namespace Netperf.Core.Remoting;

/// <summary>How an <see cref="OpenSshShell"/> treats the server's host key.</summary>
public enum HostKeyPolicy
{
    /// <summary>
    /// Trust on first use: the first connection records an unknown host key in the shell's private
    /// known_hosts file (<c>StrictHostKeyChecking=accept-new</c>); every later connection demands that exact key
    /// (<c>StrictHostKeyChecking=yes</c>). A changed key is always refused.
    /// </summary>
    AcceptNewThenStrict,

    /// <summary>The host key must already be pinned in the known_hosts file (<c>StrictHostKeyChecking=yes</c>).</summary>
    Strict,
}
