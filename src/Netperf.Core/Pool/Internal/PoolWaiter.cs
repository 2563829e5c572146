namespace Netperf.Core.Pool.Internal;

/// <summary>A job waiting for a lease.</summary>
internal sealed class PoolWaiter(PoolJob job)
{
    public PoolJob Job { get; } = job;

    public TaskCompletionSource<PairLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
