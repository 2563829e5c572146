using Netperf.Perf.Rate;
using Netperf.Perf.Rate.Internal;
using Netperf.Testing.Time;

namespace Netperf.Perf.Tests.Rate;

public sealed class StartTokenPacerTests
{
    private static readonly long Millisecond = TimeSpan.TicksPerMillisecond;

    [Fact]
    public async Task NextAsync_NoInstanceWaitingDuringAStall_TokensQueueWithTheirIntendedStarts()
    {
        var clock = new FakeClock();
        var schedule = new RateSchedule(1000, 1, 1, 0, 1, clock);
        var start = clock.GetTimestamp();
        schedule.Start(start);
        using var stop = new CancellationTokenSource();
        var pacer = StartTokenPacer.Start(schedule, clock, () => long.MaxValue, stop.Token);
        var waiter = StartTokenPacer.CreateWaiter();

        // A 5 ms stall: nobody takes a token, yet each keeps the start it was due at.
        clock.Advance(TimeSpan.FromMilliseconds(5));
        var starts = new List<long>();
        for (var i = 0; i <= 5; i++)
        {
            starts.Add(await pacer.NextAsync(waiter).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Equal(Enumerable.Range(0, 6).Select(k => start + (k * Millisecond)), starts);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task NextAsync_NextStartNotYetDue_WaitsForTheClock()
    {
        var clock = new FakeClock();
        var schedule = new RateSchedule(1000, 1, 1, 0, 1, clock);
        var start = clock.GetTimestamp();
        schedule.Start(start);
        using var stop = new CancellationTokenSource();
        var pacer = StartTokenPacer.Start(schedule, clock, () => long.MaxValue, stop.Token);
        var waiter = StartTokenPacer.CreateWaiter();
        Assert.Equal(start, await pacer.NextAsync(waiter).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        var second = pacer.NextAsync(waiter).AsTask();
        Assert.False(second.IsCompleted);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(start + Millisecond, await second.WaitAsync(TimeSpan.FromSeconds(30)));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task NextAsync_DeadlinePassed_HandsOutFinished()
    {
        var clock = new FakeClock();
        var schedule = new RateSchedule(1000, 1, 1, 0, 1, clock);
        var start = clock.GetTimestamp();
        schedule.Start(start);
        var pacer = StartTokenPacer.Start(schedule, clock, () => start + (2 * Millisecond), CancellationToken.None);
        var waiter = StartTokenPacer.CreateWaiter();
        clock.Advance(TimeSpan.FromMilliseconds(3));

        var tokens = new List<long>();
        long token;
        while ((token = await pacer.NextAsync(waiter).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) != StartTokenPacer.Finished)
        {
            tokens.Add(token);
        }

        // Due at 0 and 1 ms; the one due at 2 ms is at the deadline and never handed out.
        Assert.Equal([start, start + Millisecond], tokens);
    }
}
