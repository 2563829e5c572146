using Netperf.Testing.Time;

namespace Netperf.Core.Tests.Testing;

public sealed class FakeClockTests
{
    [Fact]
    public async Task PendingTimers_DelayArmed_CountedUntilItFires()
    {
        var clock = new FakeClock();
        var delay = Task.Delay(TimeSpan.FromSeconds(10), clock, CancellationToken.None);

        Assert.Equal(1, clock.PendingTimers);
        Assert.Equal(TimeSpan.FromSeconds(10), clock.NextTimerDueIn);

        clock.Advance(TimeSpan.FromSeconds(10));
        await delay.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, clock.PendingTimers);
        Assert.Null(clock.NextTimerDueIn);
    }

    [Fact]
    public void NextTimerDueIn_PeriodicTimer_MovesOnByThePeriodAndStopsWhenDisposed()
    {
        var clock = new FakeClock();
        var fired = 0;
        var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(2.5));

        Assert.Equal(2, fired);
        Assert.Equal(TimeSpan.FromSeconds(0.5), clock.NextTimerDueIn);
        timer.Dispose();
        Assert.Equal(0, clock.PendingTimers);
    }
}
