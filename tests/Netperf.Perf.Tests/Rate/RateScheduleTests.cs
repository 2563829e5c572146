using Netperf.Perf.Rate;
using Netperf.Testing.Time;

namespace Netperf.Perf.Tests.Rate;

public sealed class RateScheduleTests
{
    [Fact]
    public void TryTakeDue_Rate1000For5Seconds_Hands5000Operations()
    {
        var clock = new FakeClock();
        var schedule = new RateSchedule(1000, 1, 1, 0, 1, clock);
        schedule.Start(clock.GetTimestamp());

        var taken = DrainFor(clock, [schedule], TimeSpan.FromSeconds(5), TimeSpan.FromMicroseconds(700));

        Assert.InRange(taken, 4900, 5100);
        Assert.Equal(5000, taken);
    }

    [Fact]
    public void TryTakeDue_RateSharedOverProcesses_SumsToTotalRate()
    {
        // parallel 10 over 4 processes = 3,3,2,2 instances; each process gets its share of 1000 ops/s.
        var clock = new FakeClock();
        int[] instances = [3, 3, 2, 2];
        var schedules = instances.Select((n, i) => new RateSchedule(1000, n, 10, i, 4, clock)).ToArray();
        foreach (var s in schedules)
        {
            s.Start(clock.GetTimestamp());
        }

        var taken = DrainFor(clock, schedules, TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(3));

        Assert.InRange(taken, 4900, 5100);
        Assert.Equal(300, schedules[0].OperationsPerSecond, 6);
        Assert.Equal(200, schedules[3].OperationsPerSecond, 6);
        Assert.InRange(schedules[0].Taken, 1490, 1510);
        Assert.InRange(schedules[3].Taken, 990, 1010);
    }

    [Fact]
    public async Task WaitForNextAsync_NotYetDue_WaitsForTheClock()
    {
        var clock = new FakeClock();
        var schedule = new RateSchedule(10, 1, 1, 0, 1, clock);
        schedule.Start(clock.GetTimestamp());
        Assert.Equal(clock.GetTimestamp(), await schedule.WaitForNextAsync());

        var second = schedule.WaitForNextAsync().AsTask();
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        var due = await second;

        Assert.Equal(TimeSpan.FromMilliseconds(100), clock.GetElapsedTime(0, due));
    }

    private static long DrainFor(FakeClock clock, RateSchedule[] schedules, TimeSpan duration, TimeSpan step)
    {
        var start = clock.GetTimestamp();
        long taken = 0;
        while (clock.GetElapsedTime(start) < duration)
        {
            foreach (var schedule in schedules)
            {
                while (schedule.TryTakeDue(clock.GetTimestamp(), out var intended))
                {
                    Assert.True(clock.GetElapsedTime(start, intended) < duration);
                    taken++;
                }
            }

            var left = duration - clock.GetElapsedTime(start);
            clock.Advance(left < step ? left - TimeSpan.FromTicks(1) : step);
            if (left < step)
            {
                break;
            }
        }

        foreach (var schedule in schedules)
        {
            while (schedule.TryTakeDue(clock.GetTimestamp(), out _))
            {
                taken++;
            }
        }

        return taken;
    }
}
