using Netperf.Perf.Running.Internal;

namespace Netperf.Perf;

/// <summary>
/// A test where one call completes N operations (for example a page of results):
/// <see cref="RunBatch"/> and <see cref="RunBatchAsync"/> return how many completed.
/// </summary>
/// <typeparam name="TOptions">The test's options.</typeparam>
public abstract class BatchPerfTest<TOptions> : PerfTest<TOptions>
    where TOptions : PerfOptions
{
    /// <summary>Creates the test with its options.</summary>
    /// <param name="options">The parsed options.</param>
    protected BatchPerfTest(TOptions options)
        : base(options)
    {
    }

    internal sealed override PerfTestKind Kind => PerfTestKind.Batch;

    /// <summary>Performs one batch synchronously (used with <c>--sync</c>).</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    /// <returns>How many operations the batch completed (0 or more).</returns>
    public abstract int RunBatch(CancellationToken cancellationToken);

    /// <summary>Performs one batch asynchronously.</summary>
    /// <param name="cancellationToken">Cancelled when the run is cancelled.</param>
    /// <returns>How many operations the batch completed (0 or more).</returns>
    public abstract ValueTask<int> RunBatchAsync(CancellationToken cancellationToken);
}
