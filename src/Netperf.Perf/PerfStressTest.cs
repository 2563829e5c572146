using Netperf.Perf.Running.Internal;

namespace Netperf.Perf;

/// <summary>
/// A test where one call is one operation: the runner calls <see cref="Run"/> (with <c>--sync</c>)
/// or <see cref="RunAsync"/> in a tight loop per instance and counts each return as one result.
/// </summary>
/// <typeparam name="TOptions">The test's options.</typeparam>
public abstract class PerfStressTest<TOptions> : PerfTest<TOptions>
    where TOptions : PerfOptions
{
    /// <summary>Creates the test with its options.</summary>
    /// <param name="options">The parsed options.</param>
    protected PerfStressTest(TOptions options)
        : base(options)
    {
    }

    internal sealed override PerfTestKind Kind => PerfTestKind.Stress;

    /// <summary>Performs one operation synchronously (used with <c>--sync</c>).</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    public abstract void Run(CancellationToken cancellationToken);

    /// <summary>Performs one operation asynchronously.</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    /// <returns>A task that completes with the operation.</returns>
    public abstract ValueTask RunAsync(CancellationToken cancellationToken);
}
