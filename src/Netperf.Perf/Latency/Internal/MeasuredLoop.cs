using Netperf.Perf.Rate.Internal;
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
        var recorder = BeginWindow(test, slot, cancellationToken);
        var pacer = Pacer;
        return Sync
            ? RunOnDedicatedThread(
                () =>
                {
                    try
                    {
                        RunAsync(test, slot, recorder, pacer, cancellationToken).GetAwaiter().GetResult();
                    }
                    finally
                    {
                        PreciseWait.Relax();
                    }
                },
                test.ParallelIndex)
            : Task.Run(() => RunAsync(test, slot, recorder, pacer, cancellationToken), CancellationToken.None);
    }

    private async Task RunAsync(PerfTest test, InstanceSlot slot, OperationLatencyRecorder? recorder, StartTokenPacer? pacer, CancellationToken cancellationToken)
    {
        var stress = test as PerfStressTest<TOptions>;
        var batch = test as BatchPerfTest<TOptions>;
        var schedule = Schedule;
        var waiter = pacer is null ? null : StartTokenPacer.CreateWaiter();
        Func<bool> stopped = () => Volatile.Read(ref slot.Deadline) == long.MinValue;
        long completed = 0;
        while (true)
        {
            var deadline = Volatile.Read(ref slot.Deadline);
            var intended = 0L;
            if (pacer is not null)
            {
                // Async: the pacing loop hands out the start (and resumes this instance on its thread).
                intended = await pacer.NextAsync(waiter!).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (intended >= Volatile.Read(ref slot.Deadline))
                {
                    return;
                }
            }
            else if (schedule is not null)
            {
                // Sync: this dedicated thread is its own pacer; one wake-up fewer than a hand-off.
                intended = schedule.TakeNext();
                if (intended >= deadline)
                {
                    return;
                }

                if (!PreciseWait.Until(Clock, intended, stopped, cancellationToken))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    return;
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
