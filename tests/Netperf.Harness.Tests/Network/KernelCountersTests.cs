using Netperf.Harness.Network;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Tests.Network;

/// <summary>The per-side counters of a network test: what is read from which kernel file, and what a run's difference means.</summary>
public sealed class KernelCountersTests
{
    private static readonly string[] Snmp =
    [
        "Ip: Forwarding DefaultTTL InReceives",
        "Ip: 1 64 1000",
        "Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors",
        "Tcp: 1 200 120000 -1 10 11 0 0 2 5000 7000 42 0 3 0",
        "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors",
        "Udp: 900 4 30 950 25 6 1 0 0",
        "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors",
        "UdpLite: 0 100 100 0 100 100 0 0 0",
    ];

    private static readonly string[] Snmp6 = ["Udp6InDatagrams 10", "Udp6NoPorts 1", "Udp6InErrors 3", "Udp6RcvbufErrors 2", "Udp6SndbufErrors 1"];

    [Fact]
    public void Parse_SnmpSnmp6AndSoftnet_ReadsEachCounterFromItsOwnTable()
    {
        var counters = KernelCounters.Parse(Snmp, Snmp6, ["00000010 00000003 00000000", "00000020 0000000a 00000000"], TimeSpan.FromSeconds(2));

        Assert.Equal(42, counters.TcpRetransmits);
        Assert.Equal(7000, counters.TcpSegmentsSent);
        Assert.Equal(25 + 2, counters.UdpReceiveBufferErrors);
        Assert.Equal(30 + 3, counters.UdpInErrors);
        Assert.Equal(4 + 1, counters.UdpNoPorts);
        Assert.Equal(6 + 1, counters.UdpSendBufferErrors);
        Assert.Equal(3 + 10, counters.BacklogDrops);
        Assert.Equal(TimeSpan.FromSeconds(2), counters.Cpu);
    }

    [Fact]
    public void Since_TwoReadings_GivesTheRunsDifferencesAndCpuPerUnit()
    {
        var start = new KernelCounters(TcpRetransmits: 10, TcpSegmentsSent: 100, UdpReceiveBufferErrors: 5, UdpInErrors: 8, UdpNoPorts: 1, UdpSendBufferErrors: 0, BacklogDrops: 2, Cpu: TimeSpan.FromSeconds(1));
        var end = new KernelCounters(TcpRetransmits: 13, TcpSegmentsSent: 600, UdpReceiveBufferErrors: 9, UdpInErrors: 14, UdpNoPorts: 2, UdpSendBufferErrors: 4, BacklogDrops: 7, Cpu: TimeSpan.FromSeconds(3));

        var counters = end.Since(start, "bytes", 4_000_000_000);

        Assert.Equal(3, counters.TcpRetransmits);
        Assert.Equal(500, counters.TcpSegmentsSent);
        Assert.Equal(4, counters.UdpReceiveBufferDrops);
        // InErrors grew by 6, of which 4 were receive-buffer drops; one more datagram found no socket.
        Assert.Equal(2 + 1, counters.UdpOtherDrops);
        Assert.Equal(4, counters.UdpSendBufferDrops);
        Assert.Equal(5, counters.BacklogDrops);
        Assert.Equal(2.0, counters.CpuSeconds, 9);
        Assert.Equal(0.5e-9, counters.CpuSecondsPerUnit!.Value, 15);
    }

    [Fact]
    public void CpuSecondsPerUnit_NothingMoved_IsNull()
    {
        Assert.Null(new NetworkCounters { CpuSeconds = 1, Units = 0 }.CpuSecondsPerUnit);
    }

    [Theory]
    [InlineData("bytes", 1_000_000_000L, 0.5, "retrans 7, cpu 0.5 ns/B")]
    [InlineData("requests", 100_000L, 1.5, "retrans 7, cpu 15 us/request")]
    public void Describe_Counters_NamesRetransmitsAndCpuPerUnit(string unit, long units, double cpu, string expected)
    {
        Assert.Equal(expected, new NetworkCounters { TcpRetransmits = 7, CpuSeconds = cpu, Unit = unit, Units = units }.Describe());
    }

    [Fact]
    public void Read_AfterSpendingCpu_CountsThisProcesssCpuTime()
    {
        var start = KernelCounters.Read();
        var spin = 0L;
        var until = Environment.CpuUsage.TotalTime + TimeSpan.FromMilliseconds(30);
        while (Environment.CpuUsage.TotalTime < until)
        {
            spin++;
        }

        var counters = KernelCounters.Read().Since(start, "requests", spin);

        Assert.True(counters.CpuSeconds >= 0.03, $"{counters.CpuSeconds} s of CPU after spinning for 30 ms of it");
    }
}
