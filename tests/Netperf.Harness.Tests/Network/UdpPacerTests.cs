using Netperf.Harness.Network.Internal;
using Netperf.Testing.Time;

namespace Netperf.Harness.Tests.Network;

/// <summary>The UDP pacer holds each datagram to its slot, and does not burst to make up time it lost.</summary>
public sealed class UdpPacerTests
{
    [Fact]
    public void WaitTurnAsync_AheadOfTheSchedule_Waits()
    {
        var clock = new FakeClock();
        var pacer = new UdpPacer(1000, clock);
        Assert.Equal(0, pacer.Next());

        // 1000/s: datagram 5 is due 5 ms after the first.
        Assert.True(GoesNow(pacer, pacer.Next()), "1 ms ahead: within the burst allowance");
        for (var i = 0; i < 3; i++)
        {
            pacer.Next();
        }

        Assert.False(GoesNow(pacer, pacer.Next()), "5 ms ahead: waits");
    }

    [Fact]
    public void WaitTurnAsync_BehindByLessThanMaxLag_CatchesUp()
    {
        var clock = new FakeClock();
        var pacer = new UdpPacer(1000, clock);
        pacer.Next();
        clock.Advance(TimeSpan.FromMilliseconds(8));

        // Datagrams 1..8 were due by now: each goes at once, and the next ones are due on the original schedule.
        for (var i = 1; i <= 8; i++)
        {
            Assert.True(GoesNow(pacer, pacer.Next()));
        }

        pacer.Next();
        Assert.False(GoesNow(pacer, pacer.Next()), "datagram 10 is due at 10 ms, 2 ms from now");
    }

    [Fact]
    public void WaitTurnAsync_AfterAPauseLongerThanMaxLag_DoesNotBurstToCatchUp()
    {
        var clock = new FakeClock();
        var pacer = new UdpPacer(1000, clock);
        pacer.Next();
        // The runner pauses between warm-up and the measured window (or the machine takes the core away).
        clock.Advance(TimeSpan.FromMilliseconds(500));

        Assert.True(GoesNow(pacer, pacer.Next()), "the late datagram goes now");
        pacer.Next();

        // Without the reset, datagrams 2..499 would all be overdue and go in one burst; now 3 is due 2 ms after 1.
        Assert.False(GoesNow(pacer, pacer.Next()));
    }

    /// <summary>True when the datagram's turn has come (its wait completed at once); a wait on the fake clock never completes by itself.</summary>
    private static bool GoesNow(UdpPacer pacer, long sequence) => IsCompleted(pacer.WaitTurnAsync(sequence, CancellationToken.None));

    private static bool IsCompleted(ValueTask wait) => wait.IsCompleted;
}
