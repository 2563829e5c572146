namespace Netperf.Harness.Network;

/// <summary>The command-line names of <see cref="PeerServerMode"/> values (<c>tcp-sink</c>, <c>http</c>, ...).</summary>
public static class PeerServerModes
{
    private static readonly (PeerServerMode Mode, string Name)[] Names =
    [
        (PeerServerMode.TcpSink, "tcp-sink"),
        (PeerServerMode.TcpSource, "tcp-source"),
        (PeerServerMode.TcpRequestResponse, "tcp-rr"),
        (PeerServerMode.TcpAccept, "tcp-accept"),
        (PeerServerMode.UdpSink, "udp-sink"),
        (PeerServerMode.Http, "http"),
    ];

    /// <summary>All names, for help text and error messages.</summary>
    public static IReadOnlyList<string> All { get; } = Names.Select(n => n.Name).ToArray();

    /// <summary>The command-line name of a mode.</summary>
    /// <param name="mode">The mode.</param>
    /// <returns>Its name, such as <c>tcp-sink</c>.</returns>
    public static string ToName(PeerServerMode mode)
    {
        foreach (var (m, name) in Names)
        {
            if (m == mode)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown netperf-server mode.");
    }

    /// <summary>Parses a command-line name (case-insensitive).</summary>
    /// <param name="name">The name, such as <c>tcp-rr</c>.</param>
    /// <param name="mode">The mode when the name is known.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> names a mode.</returns>
    public static bool TryParse(string? name, out PeerServerMode mode)
    {
        foreach (var (m, n) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                mode = m;
                return true;
            }
        }

        mode = default;
        return false;
    }
}
