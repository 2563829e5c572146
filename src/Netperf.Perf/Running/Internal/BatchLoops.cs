namespace Netperf.Perf.Running.Internal;

/// <summary>The batch loop with <c>--sync</c>: one call adds the count it returns.</summary>
internal sealed class BatchSyncLoop<TOptions, TClock>(TClock clock) : InstanceLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var batch = (BatchPerfTest<TOptions>)test;
        return RunOnDedicatedThread(() => Run(batch, slot, clock, cancellationToken), test.ParallelIndex);
    }

    private static void Run(BatchPerfTest<TOptions> test, InstanceSlot slot, TClock clock, CancellationToken cancellationToken)
    {
        if (clock.GetTimestamp() >= Volatile.Read(ref slot.Deadline))
        {
            return;
        }

        long completed = 0;
        long now;
        do
        {
            var count = test.RunBatch(cancellationToken);
            now = clock.GetTimestamp();
            completed += BatchCount.Check(count);
            slot.Completed = completed;
            slot.LastTimestamp = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));
    }
}

/// <summary>The async batch loop: synchronous completions stay in a plain method, as in <see cref="StressAsyncLoop{TOptions, TClock}"/>.</summary>
internal sealed class BatchAsyncLoop<TOptions, TClock>(TClock clock) : InstanceLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var batch = (BatchPerfTest<TOptions>)test;
        return Task.Run(() => RunAsync(batch, slot, clock, cancellationToken), CancellationToken.None);
    }

    private static async Task RunAsync(BatchPerfTest<TOptions> test, InstanceSlot slot, TClock clock, CancellationToken cancellationToken)
    {
        if (clock.GetTimestamp() >= Volatile.Read(ref slot.Deadline))
        {
            return;
        }

        long completed = 0;
        while (RunWhileSynchronous(test, slot, clock, ref completed, cancellationToken) is { } pending)
        {
            var count = await pending.ConfigureAwait(false);
            var now = clock.GetTimestamp();
            completed += BatchCount.Check(count);
            slot.Completed = completed;
            slot.LastTimestamp = now;
            if (now >= Volatile.Read(ref slot.Deadline))
            {
                return;
            }
        }
    }

    private static ValueTask<int>? RunWhileSynchronous(BatchPerfTest<TOptions> test, InstanceSlot slot, TClock clock, ref long completed, CancellationToken cancellationToken)
    {
        var total = completed;
        long now;
        do
        {
            var pending = test.RunBatchAsync(cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                completed = total;
                return pending;
            }

            var count = pending.Result;
            now = clock.GetTimestamp();
            total += BatchCount.Check(count);
            slot.Completed = total;
            slot.LastTimestamp = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));

        completed = total;
        return null;
    }
}

internal static class BatchCount
{
    public static int Check(int count) => count >= 0
        ? count
        : throw new InvalidOperationException(
            $"RunBatch/RunBatchAsync returned {count}; a batch must return how many operations it completed (0 or more).");
}
