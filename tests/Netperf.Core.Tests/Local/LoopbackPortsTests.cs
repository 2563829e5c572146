using System.Net;
using Netperf.Core.Local.Internal;

namespace Netperf.Core.Tests.Local;

public sealed class LoopbackPortsTests
{
    [Fact]
    public void Reserve_KernelPicksAPortAnotherServerHolds_PicksAgain()
    {
        var picks = new Queue<int>([40001, 40001, 40003]);
        var ports = new LoopbackPorts(_ => picks.Dequeue());

        var first = ports.Reserve(IPAddress.Loopback);
        var second = ports.Reserve(IPAddress.Loopback);

        Assert.Equal(40001, first);
        Assert.Equal(40003, second);
    }

    [Fact]
    public void Release_PortOfAStoppedServer_CanBeReservedAgain()
    {
        var ports = new LoopbackPorts(_ => 40001);
        ports.Reserve(IPAddress.Loopback);

        ports.Release(IPAddress.Loopback, 40001);

        Assert.Equal(40001, ports.Reserve(IPAddress.Loopback));
    }

    [Fact]
    public void Reserve_EveryPickHeld_ThrowsNamingTheAddress()
    {
        var ports = new LoopbackPorts(_ => 40001);
        ports.Reserve(IPAddress.Loopback);

        var error = Assert.Throws<InvalidOperationException>(() => ports.Reserve(IPAddress.Loopback));

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
    }
}
