using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Latency.Internal;

/// <summary>
/// The general latency/rate loop: stress or batch, sync or async, optionally paced by the shared
/// <see cref="LatencyRateLoop.Schedule"/> (open loop: each call waits for its intended start, then latency is
/// recorded both from the real and from the intended start), optionally recording latency.
/// </summary>
internal sealed class MeasuredLoop<TOptions, TClock>(TClock clock) : LatencyRateLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var recorder = BeginWindow(test, slot);
        return Sync
            ? RunOnDedicatedThread(() => RunAsync(test, slot, recorder, cancellationToken).GetAwaiter().GetResult(), test.ParallelIndex)
            : Task.Run(() => RunAsync(test, slot, recorder, cancellationToken), CancellationToken.None);
    }

    private async Task RunAsync(PerfTest test, InstanceSlot slot, OperationLatencyRecorder? recorder, CancellationToken cancellationToken)
    {
        var stress = test as PerfStressTest<TOptions>;
        var batch = test as BatchPerfTest<TOptions>;
        var schedule = Schedule;
        long completed = 0;
        while (true)
        {
            var deadline = Volatile.Read(ref slot.Deadline);
            var intended = 0L;
            if (schedule is not null)
            {
                intended = schedule.TakeNext();
                if (intended >= deadline)
                {
                    return;
                }

                var wait = intended - clock.GetTimestamp();
                if (wait > 0)
                {
                    if (Sync)
                    {
                        cancellationToken.WaitHandle.WaitOne(Clock.GetElapsedTime(0, wait));
                    }
                    else
                    {
                        await Task.Delay(Clock.GetElapsedTime(0, wait), Clock, cancellationToken).ConfigureAwait(false);
                    }

                    cancellationToken.ThrowIfCancellationRequested();
                }
            }

            var start = clock.GetTimestamp();
            if (start >= Volatile.Read(ref slot.Deadline))
            {
                return;
            }

            int operations;
            if (stress is not null)
            {
                if (Sync)
                {
                    stress.Run(cancellationToken);
                }
                else
                {
                    await stress.RunAsync(cancellationToken).ConfigureAwait(false);
                }

                operations = 1;
            }
            else
            {
                operations = Sync ? batch!.RunBatch(cancellationToken) : await batch!.RunBatchAsync(cancellationToken).ConfigureAwait(false);
            }

            var end = clock.GetTimestamp();
            completed += operations;
            slot.Completed = completed;
            slot.LastTimestamp = end;
            if (recorder is not null)
            {
                if (schedule is null)
                {
                    recorder.Record(start, end, operations);
                }
                else
                {
                    recorder.RecordPaced(intended, start, end, operations);
                }
            }

            if (end >= Volatile.Read(ref slot.Deadline))
            {
                return;
            }
        }
    }
}
