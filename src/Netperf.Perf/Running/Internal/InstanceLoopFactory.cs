namespace Netperf.Perf.Running.Internal;

/// <summary>
/// Picks the loop for a test: by base class, <c>--sync</c> and clock. New loop shapes (latency
/// recording, paced open-loop) are added here as further implementations of <see cref="InstanceLoop"/>.
/// </summary>
internal static class InstanceLoopFactory
{
    public static InstanceLoop Create(PerfTest test, PerfOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.Kind == PerfTestKind.Event)
        {
            return new EventWindowLoop(clock);
        }

        var definition = (test.Kind, options.Sync) switch
        {
            (PerfTestKind.Stress, true) => typeof(StressSyncLoop<,>),
            (PerfTestKind.Stress, false) => typeof(StressAsyncLoop<,>),
            (PerfTestKind.Batch, true) => typeof(BatchSyncLoop<,>),
            _ => typeof(BatchAsyncLoop<,>),
        };
        return CreateGeneric(definition, test, clock);
    }

    /// <summary>
    /// Instantiates a loop over the test's options type (so the call to Run is one virtual call on
    /// the base class) and over a struct clock (so reading the system clock is a direct call).
    /// </summary>
    public static InstanceLoop CreateGeneric(Type loopDefinition, PerfTest test, TimeProvider clock)
    {
        var optionsType = Discovery.PerfTestDescriptor.FindOptionsType(test.GetType());
        var (clockType, clockValue) = clock == TimeProvider.System
            ? (typeof(StopwatchClock), (object)default(StopwatchClock))
            : (typeof(ProviderClock), new ProviderClock(clock));
        return (InstanceLoop)Activator.CreateInstance(loopDefinition.MakeGenericType(optionsType, clockType), clockValue)!;
    }
}
