using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Latency.Internal;

/// <summary>
/// Closed-loop stress with <c>--latency</c> and <c>--sync</c>: per operation one extra clock read
/// (the end of one operation is the start of the next) and one histogram record, no allocation or lock.
/// </summary>
internal sealed class LatencyStressSyncLoop<TOptions, TClock>(TClock clock) : LatencyRateLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var recorder = BeginWindow(test, slot, cancellationToken)!;
        var stress = (PerfStressTest<TOptions>)test;
        return RunOnDedicatedThread(() => Run(stress, slot, recorder.ServiceTime, clock, cancellationToken), test.ParallelIndex);
    }

    private static void Run(PerfStressTest<TOptions> test, InstanceSlot slot, LatencyHistogram histogram, TClock clock, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        if (start >= Volatile.Read(ref slot.Deadline))
        {
            return;
        }

        var toNanoseconds = 1e9 / slot.Frequency;
        long completed = 0;
        long now;
        do
        {
            test.Run(cancellationToken);
            now = clock.GetTimestamp();
            histogram.Record((long)((now - start) * toNanoseconds));
            slot.Completed = ++completed;
            slot.LastTimestamp = now;
            start = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));
    }
}

/// <summary>Closed-loop async stress with <c>--latency</c>; as <see cref="LatencyStressSyncLoop{TOptions, TClock}"/>.</summary>
internal sealed class LatencyStressAsyncLoop<TOptions, TClock>(TClock clock) : LatencyRateLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var recorder = BeginWindow(test, slot, cancellationToken)!;
        var stress = (PerfStressTest<TOptions>)test;
        return Task.Run(() => RunAsync(stress, slot, recorder.ServiceTime, clock, cancellationToken), CancellationToken.None);
    }

    private static async Task RunAsync(PerfStressTest<TOptions> test, InstanceSlot slot, LatencyHistogram histogram, TClock clock, CancellationToken cancellationToken)
    {
        var start = clock.GetTimestamp();
        if (start >= Volatile.Read(ref slot.Deadline))
        {
            return;
        }

        var toNanoseconds = 1e9 / slot.Frequency;
        long completed = 0;
        long now;
        do
        {
            var pending = test.RunAsync(cancellationToken);
            if (pending.IsCompletedSuccessfully)
            {
                pending.GetAwaiter().GetResult();
            }
            else
            {
                await pending.ConfigureAwait(false);
            }

            now = clock.GetTimestamp();
            histogram.Record((long)((now - start) * toNanoseconds));
            slot.Completed = ++completed;
            slot.LastTimestamp = now;
            start = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));
    }
}
