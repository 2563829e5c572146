using Netperf.Perf.Latency;
using Netperf.Perf.Rate;
using Netperf.Testing.Time;

namespace Netperf.Perf.Tests.Latency;

public sealed class OperationLatencyRecorderTests
{
    [Fact]
    public void RecordPaced_InjectedStall_ShowsInCorrectedLatencyOnly()
    {
        var clock = new FakeClock();
        var schedule = new RateSchedule(1000, 1, 1, 0, 1, clock);
        schedule.Start(clock.GetTimestamp());
        var recorder = new OperationLatencyRecorder(clock);

        for (var i = 0; i < 2000; i++)
        {
            var intended = schedule.TakeNext();
            var now = clock.GetTimestamp();
            if (intended > now)
            {
                clock.Advance(clock.GetElapsedTime(now, intended));
            }

            var start = clock.GetTimestamp();
            clock.Advance(i == 500 ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromMicroseconds(100));
            recorder.RecordPaced(intended, start, clock.GetTimestamp());
        }

        var service = recorder.ServiceTime.GetPercentiles();
        var corrected = recorder.Corrected.GetPercentiles();
        Assert.Equal(2000, service.Count);
        Assert.Equal(2000, corrected.Count);
        // Service time sees one slow operation; the ~220 operations queued behind the stall are invisible to it.
        Assert.InRange(service.P99, 99_000, 101_000);
        Assert.InRange(service.Max, 199_000_000, 201_000_000);
        // Corrected latency shows the operations that waited behind the stall.
        Assert.True(corrected.P99 > 150_000_000, $"corrected p99 was {corrected.P99} ns");
        Assert.True(corrected.P90 > 10_000_000, $"corrected p90 was {corrected.P90} ns");
        Assert.InRange(corrected.P50, 99_000, 101_000);
    }

    [Fact]
    public void Record_Batch_RecordsTimePerOperationOncePerOperation()
    {
        var clock = new FakeClock();
        var recorder = new OperationLatencyRecorder(clock);
        var start = clock.GetTimestamp();
        clock.Advance(TimeSpan.FromMilliseconds(10));

        recorder.Record(start, clock.GetTimestamp(), operations: 100);

        Assert.Equal(100, recorder.ServiceTime.TotalCount);
        Assert.InRange(recorder.ServiceTime.GetValueAtPercentile(50), 99_900, 100_100);
    }
}
