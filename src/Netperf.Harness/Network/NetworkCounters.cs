using System.Text.Json.Serialization;

namespace Netperf.Harness.Network;

/// <summary>
/// The counters that explain one side's figure of a network test, as differences over the run: what the kernel of that
/// side's network namespace counted (<c>/proc/net/snmp</c> and <c>/proc/net/snmp6</c>: TCP retransmits, UDP drops), the
/// machine's per-CPU backlog drops (<c>/proc/net/softnet_stat</c>), and the CPU time of the side's own process, with its
/// cost per unit of what the test counts. The kernel counters are per namespace, so on a shared namespace (loopback, a
/// machine's only one) they also count other programs' traffic; only a namespace of the test's own isolates them.
/// </summary>
public sealed record NetworkCounters
{
    /// <summary>TCP segments retransmitted (<c>Tcp RetransSegs</c>, IPv4 and IPv6): non-zero when the path lost segments.</summary>
    [JsonPropertyName("tcpRetransmits")]
    public long TcpRetransmits { get; init; }

    /// <summary>TCP segments sent (<c>Tcp OutSegs</c>), the base of a retransmit rate.</summary>
    [JsonPropertyName("tcpSegmentsSent")]
    public long TcpSegmentsSent { get; init; }

    /// <summary>UDP datagrams dropped because a socket's receive buffer was full (<c>RcvbufErrors</c>, IPv4 and IPv6).</summary>
    [JsonPropertyName("udpReceiveBufferDrops")]
    public long UdpReceiveBufferDrops { get; init; }

    /// <summary>UDP datagrams dropped for any other reason: <c>InErrors</c> less <c>RcvbufErrors</c> (checksum, memory) plus <c>NoPorts</c> (no socket).</summary>
    [JsonPropertyName("udpOtherDrops")]
    public long UdpOtherDrops { get; init; }

    /// <summary>UDP datagrams a send could not queue (<c>SndbufErrors</c>).</summary>
    [JsonPropertyName("udpSendBufferDrops")]
    public long UdpSendBufferDrops { get; init; }

    /// <summary>Packets dropped because a CPU's input backlog was full (<c>/proc/net/softnet_stat</c>; machine-wide, every namespace).</summary>
    [JsonPropertyName("backlogDrops")]
    public long BacklogDrops { get; init; }

    /// <summary>CPU time (user and kernel) of this side's process over the run, in seconds.</summary>
    [JsonPropertyName("cpuSeconds")]
    public double CpuSeconds { get; init; }

    /// <summary>What <see cref="Units"/> counts: <c>bytes</c>, <c>requests</c>, <c>connections</c> or <c>datagrams</c>.</summary>
    [JsonPropertyName("unit")]
    public string Unit { get; init; } = "bytes";

    /// <summary>How many <see cref="Unit"/> this side moved over the same time.</summary>
    [JsonPropertyName("units")]
    public long Units { get; init; }

    /// <summary><see cref="CpuSeconds"/> per unit (per byte, per request, ...); <see langword="null"/> when nothing was moved.</summary>
    [JsonPropertyName("cpuSecondsPerUnit")]
    public double? CpuSecondsPerUnit => Units > 0 ? CpuSeconds / Units : null;

    /// <summary>A short text for tables: retransmits, UDP drops where there were any, and the CPU cost per unit.</summary>
    /// <returns>Such as <c>retrans 12, cpu 0.41 ns/B</c>.</returns>
    public string Describe()
    {
        var parts = new List<string> { FormattableString.Invariant($"retrans {TcpRetransmits:N0}") };
        if (UdpReceiveBufferDrops + UdpOtherDrops + UdpSendBufferDrops > 0)
        {
            parts.Add(FormattableString.Invariant($"udp drops rcvbuf {UdpReceiveBufferDrops:N0} other {UdpOtherDrops:N0} sndbuf {UdpSendBufferDrops:N0}"));
        }

        if (CpuSecondsPerUnit is { } perUnit)
        {
            parts.Add(Unit == "bytes"
                ? FormattableString.Invariant($"cpu {perUnit * 1e9:0.###} ns/B")
                : FormattableString.Invariant($"cpu {perUnit * 1e6:0.##} us/{Unit.TrimEnd('s')}"));
        }

        return string.Join(", ", parts);
    }
}
