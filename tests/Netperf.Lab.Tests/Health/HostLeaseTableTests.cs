using Netperf.Lab.Leasing.Internal;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Lab.Tests.Health;

public sealed class HostLeaseTableTests
{
    [Fact]
    public void TryAcquire_AnyHostHeld_TakesNone()
    {
        var leases = new HostLeaseTable(new FakeTimeProvider());
        Assert.True(leases.TryAcquire(["a", "b"], "p1", TimeSpan.FromMinutes(1)));

        Assert.False(leases.TryAcquire(["b", "c"], "p2", TimeSpan.FromMinutes(1)));
        Assert.Null(leases.HolderOf("c"));
    }

    [Fact]
    public void TryAcquire_HostWithCapacityTwo_TakesTwoHoldersAndRefusesTheThird()
    {
        var leases = new HostLeaseTable(new FakeTimeProvider());
        Assert.True(leases.TryAcquire([("a", 2), ("b", 2)], "p1", TimeSpan.FromMinutes(1)));
        Assert.True(leases.TryAcquire([("a", 2), ("b", 2)], "p2", TimeSpan.FromMinutes(1)));

        Assert.False(leases.TryAcquire([("a", 2), ("b", 2)], "p3", TimeSpan.FromMinutes(1)));
        Assert.Equal(2, leases.CountOn("a"));
        leases.Release("p1");
        Assert.True(leases.TryAcquire([("a", 2), ("b", 2)], "p3", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void HolderOf_SilentHolder_LosesTheHostAfterTheTtl()
    {
        var time = new FakeTimeProvider();
        var leases = new HostLeaseTable(time);
        leases.TryAcquire(["a"], "p1", TimeSpan.FromMinutes(5));

        time.Advance(TimeSpan.FromMinutes(4));
        leases.Heartbeat("p1");
        time.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal("p1", leases.HolderOf("a"));
        time.Advance(TimeSpan.FromMinutes(2));

        Assert.Null(leases.HolderOf("a"));
        Assert.True(leases.TryAcquire(["a"], "p2", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Release_SignalsWaiters()
    {
        var leases = new HostLeaseTable(new FakeTimeProvider());
        leases.TryAcquire(["a"], "p1", TimeSpan.FromMinutes(5));
        var released = leases.Released;

        leases.Release("p1");

        Assert.True(released.IsCompleted);
        Assert.False(leases.Released.IsCompleted);
    }
}
