using System.Net;
using System.Net.Sockets;
using Netperf.Harness.Network;
using Netperf.Harness.Network.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Harness.Tests.Network;

/// <summary>The kernel's UDP drop counters, which let a UDP loss on a loaded machine be told from the test's own.</summary>
public sealed class KernelUdpDropsTests
{
    [Fact]
    public void SnmpField_UdpTable_ReadsTheNamedColumnOfItsOwnTable()
    {
        string[] lines =
        [
            "Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
            "Udp: 520995 0 1310 522306 1309 0",
            "UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors",
            "UdpLite: 0 0 7 0 7 0",
        ];

        Assert.Equal(1309, KernelUdpDrops.SnmpField(lines, "Udp:", "RcvbufErrors"));
        Assert.Equal(7, KernelUdpDrops.SnmpField(lines, "UdpLite:", "RcvbufErrors"));
    }

    [Fact]
    public void SoftnetDropped_TwoCpus_SumsTheHexDropColumn()
    {
        Assert.Equal(0x1f + 2, KernelUdpDrops.SoftnetDropped(["005c595a 0000001f 00000001", "0051f228 00000002 00000001"]));
    }

    [Fact]
    public void Snmp6Field_NamedLine_ReadsItsValue()
    {
        Assert.Equal(42, KernelUdpDrops.Snmp6Field(["Udp6InDatagrams 9", "Udp6RcvbufErrors                	42"], "Udp6RcvbufErrors"));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public void Read_SocketNobodyReads_CountsTheDatagramsTheKernelDropped()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = 1 };
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var payload = new byte[1200];
        var before = KernelUdpDrops.Read();

        for (var i = 0; i < 200; i++)
        {
            sender.SendTo(payload, receiver.LocalEndPoint!);
        }

        var after = KernelUdpDrops.Read();
        Assert.NotNull(before);

        // The smallest receive buffer holds a few datagrams; the kernel drops the rest and says so.
        Assert.True(after - before >= 150, $"kernel drops grew by {after - before}, expected at least 150 of 200 datagrams sent to a full socket");
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task UdpSink_Stopped_ReportsKernelDropsAndOtherModesDoNot()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var udp = new PeerServer(new PeerServerOptions { Mode = PeerServerMode.UdpSink, BindAddress = IPAddress.Loopback });
        await udp.StartAsync();
        await using var tcp = new PeerServer(new PeerServerOptions { Mode = PeerServerMode.TcpSink, BindAddress = IPAddress.Loopback });
        await tcp.StartAsync();

        Assert.NotNull((await udp.StopAsync()).KernelDrops);
        Assert.Null((await tcp.StopAsync()).KernelDrops);
    }
}
