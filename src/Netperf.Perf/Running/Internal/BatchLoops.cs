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

/// <summary>The async batch loop.</summary>
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
        long now;
        do
        {
            var pending = test.RunBatchAsync(cancellationToken);
            var count = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            now = clock.GetTimestamp();
            completed += BatchCount.Check(count);
            slot.Completed = completed;
            slot.LastTimestamp = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));
    }
}

internal static class BatchCount
{
    public static int Check(int count) => count >= 0
        ? count
        : throw new InvalidOperationException(
            $"RunBatch/RunBatchAsync returned {count}; a batch must return how many operations it completed (0 or more).");
}
