using System.Globalization;
using Netperf.Core.Remoting;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>Where the client reaches the peer's sshd: a machine address, optionally with a port (<c>host:port</c>, <c>[v6]:port</c>).</summary>
internal sealed record PeerEndpoint(string Host, int Port)
{
    public static PeerEndpoint Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        string host;
        var port = 22;
        if (address.StartsWith('['))
        {
            var end = address.IndexOf(']', StringComparison.Ordinal);
            host = address[1..end];
            if (end + 1 < address.Length && address[end + 1] == ':')
            {
                port = int.Parse(address[(end + 2)..], NumberStyles.None, CultureInfo.InvariantCulture);
            }
        }
        else if (address.Count(c => c == ':') == 1)
        {
            var colon = address.IndexOf(':', StringComparison.Ordinal);
            host = address[..colon];
            port = int.Parse(address[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else
        {
            host = address;
        }

        if (!ShellQuoting.HostName().IsMatch(host) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"The peer address '{address}' is not a host name or address with an optional port (host, host:port, [v6]:port).", nameof(address));
        }

        return new PeerEndpoint(host, port);
    }

    /// <summary>The name known_hosts uses: <c>host</c> on port 22, else <c>[host]:port</c>.</summary>
    public string KnownHostsName => Port == 22 ? Host : $"[{Host}]:{Port.ToString(CultureInfo.InvariantCulture)}";
}
