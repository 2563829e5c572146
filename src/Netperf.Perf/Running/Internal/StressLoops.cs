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

/// <summary>The async stress loop: as <see cref="StressSyncLoop{TOptions, TClock}"/>, awaiting only when the test did not complete synchronously.</summary>
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
            slot.Completed = ++completed;
            slot.LastTimestamp = now;
        }
        while (now < Volatile.Read(ref slot.Deadline));
    }
}
