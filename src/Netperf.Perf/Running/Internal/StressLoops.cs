namespace Netperf.Perf.Running.Internal;

/// <summary>
/// The stress loop with <c>--sync</c>: per operation one virtual call, one clock read, two stores into
/// the instance's own cache line and one comparison that covers both the deadline and a stop request.
/// </summary>
internal sealed class StressSyncLoop<TOptions, TClock>(TClock clock) : InstanceLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var stress = (PerfStressTest<TOptions>)test;
        return RunOnDedicatedThread(() => Run(stress, slot, clock, cancellationToken), test.ParallelIndex);
    }

    private static void Run(PerfStressTest<TOptions> test, InstanceSlot slot, TClock clock, CancellationToken cancellationToken)
    {
        if (clock.GetTimestamp() >= Volatile.Read(ref slot.Deadline))
        {
            return;
        }

        long completed = 0;
        long now;
        do
        {
            test.Run(cancellationToken);
            now = clock.GetTimestamp();
            slot.Completed = ++completed;
            slot.LastTimestamp = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));
    }
}

/// <summary>
/// The async stress loop: as <see cref="StressSyncLoop{TOptions, TClock}"/>. While operations complete
/// synchronously it stays in a plain (non-async) method, so its counters live in registers rather
/// than in the async state machine; it awaits only an operation that is really pending.
/// </summary>
internal sealed class StressAsyncLoop<TOptions, TClock>(TClock clock) : InstanceLoop
    where TOptions : PerfOptions
    where TClock : struct, IHotClock
{
    public override Task StartAsync(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken)
    {
        var stress = (PerfStressTest<TOptions>)test;
        return Task.Run(() => RunAsync(stress, slot, clock, cancellationToken), CancellationToken.None);
    }

    private static async Task RunAsync(PerfStressTest<TOptions> test, InstanceSlot slot, TClock clock, CancellationToken cancellationToken)
    {
        if (clock.GetTimestamp() >= Volatile.Read(ref slot.Deadline))
        {
            return;
        }

        long completed = 0;
        while (RunWhileSynchronous(test, slot, clock, ref completed, cancellationToken) is { } pending)
        {
            await pending.ConfigureAwait(false);
            var now = clock.GetTimestamp();
            slot.Completed = ++completed;
            slot.LastTimestamp = now;
            if (now >= Volatile.Read(ref slot.Deadline))
            {
                return;
            }
        }
    }

    /// <summary>Runs operations until the deadline (returns null) or until one is pending (returns it, not yet counted).</summary>
    private static ValueTask? RunWhileSynchronous(PerfStressTest<TOptions> test, InstanceSlot slot, TClock clock, ref long completed, CancellationToken cancellationToken)
    {
        var count = completed;
        long now;
        do
        {
            var pending = test.RunAsync(cancellationToken);
            if (!pending.IsCompletedSuccessfully)
            {
                completed = count;
                return pending;
            }

            pending.GetAwaiter().GetResult();
            now = clock.GetTimestamp();
            slot.Completed = ++count;
            slot.LastTimestamp = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));

        completed = count;
        return null;
    }
}
