namespace Netperf.Harness.Network.Internal;

/// <summary>
/// One reading of the kernel's network counters of this process's network namespace and of the process's CPU time; two
/// readings make a <see cref="NetworkCounters"/>. On a system without <c>/proc/net/snmp</c> (not Linux) the kernel
/// fields read 0 and only the CPU time is real.
/// </summary>
internal readonly record struct KernelCounters(
    long TcpRetransmits,
    long TcpSegmentsSent,
    long UdpReceiveBufferErrors,
    long UdpInErrors,
    long UdpNoPorts,
    long UdpSendBufferErrors,
    long BacklogDrops,
    TimeSpan Cpu)
{
    /// <summary>Reads the counters now.</summary>
    public static KernelCounters Read() => Parse(Lines("/proc/net/snmp"), Lines("/proc/net/snmp6"), Lines("/proc/net/softnet_stat"), Environment.CpuUsage.TotalTime);

    /// <summary>The counters in the text of <c>/proc/net/snmp</c>, <c>/proc/net/snmp6</c> and <c>/proc/net/softnet_stat</c>.</summary>
    public static KernelCounters Parse(IReadOnlyList<string> snmp, IReadOnlyList<string> snmp6, IReadOnlyList<string> softnet, TimeSpan cpu) => new(
        TcpRetransmits: KernelUdpDrops.SnmpField(snmp, "Tcp:", "RetransSegs"),
        TcpSegmentsSent: KernelUdpDrops.SnmpField(snmp, "Tcp:", "OutSegs"),
        UdpReceiveBufferErrors: KernelUdpDrops.SnmpField(snmp, "Udp:", "RcvbufErrors") + KernelUdpDrops.Snmp6Field(snmp6, "Udp6RcvbufErrors"),
        UdpInErrors: KernelUdpDrops.SnmpField(snmp, "Udp:", "InErrors") + KernelUdpDrops.Snmp6Field(snmp6, "Udp6InErrors"),
        UdpNoPorts: KernelUdpDrops.SnmpField(snmp, "Udp:", "NoPorts") + KernelUdpDrops.Snmp6Field(snmp6, "Udp6NoPorts"),
        UdpSendBufferErrors: KernelUdpDrops.SnmpField(snmp, "Udp:", "SndbufErrors") + KernelUdpDrops.Snmp6Field(snmp6, "Udp6SndbufErrors"),
        BacklogDrops: KernelUdpDrops.SoftnetDropped(softnet),
        Cpu: cpu);

    /// <summary>What changed from <paramref name="start"/> to this reading, with the CPU cost of <paramref name="units"/>.</summary>
    public NetworkCounters Since(KernelCounters start, string unit, long units)
    {
        // InErrors includes RcvbufErrors; "other" is the rest plus datagrams for a port without a socket.
        var inErrors = UdpInErrors - start.UdpInErrors;
        var receiveBuffer = UdpReceiveBufferErrors - start.UdpReceiveBufferErrors;
        return new NetworkCounters
        {
            TcpRetransmits = TcpRetransmits - start.TcpRetransmits,
            TcpSegmentsSent = TcpSegmentsSent - start.TcpSegmentsSent,
            UdpReceiveBufferDrops = receiveBuffer,
            UdpOtherDrops = Math.Max(0, inErrors - receiveBuffer) + (UdpNoPorts - start.UdpNoPorts),
            UdpSendBufferDrops = UdpSendBufferErrors - start.UdpSendBufferErrors,
            BacklogDrops = BacklogDrops - start.BacklogDrops,
            CpuSeconds = (Cpu - start.Cpu).TotalSeconds,
            Unit = unit,
            Units = units,
        };
    }

    private static string[] Lines(string path)
    {
        try
        {
            return OperatingSystem.IsLinux() && File.Exists(path) ? File.ReadAllLines(path) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
