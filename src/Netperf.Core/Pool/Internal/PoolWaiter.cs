namespace Netperf.Core.Pool.Internal;

/// <summary>A job waiting for a lease.</summary>
internal sealed class PoolWaiter(PoolJob job)
{
    public PoolJob Job { get; } = job;

    /// <summary>Pairs made for this job that failed (creation or bootstrap) while it waited.</summary>
    public List<string> FailedPairs { get; } = [];

    public TaskCompletionSource<PairLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
