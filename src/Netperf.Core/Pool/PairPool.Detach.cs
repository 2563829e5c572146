using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

public sealed partial class PairPool
{
    /// <summary>
    /// Hands every ready or leased pair over to the caller: their leases end (quietly: <see cref="PairLease.LeaseLost"/> does
    /// not fire), they go to <see cref="PairState.Detached"/>, and the pool no longer deletes them, not even when disposed.
    /// For hosts whose pairs outlive the pool, such as a run plan that provisions with the pool's caps, parallelism and
    /// reassignment, then leaves the pairs to jobs that run elsewhere and to its teardown (the pairs keep their ownership
    /// tags and expiry, so the janitor finds them too).
    /// </summary>
    /// <returns>The pairs handed over, with their readiness reports.</returns>
    public IReadOnlyList<ProvisionedPair> DetachPairs()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var handed = _pairs.Where(p => p.State is PairState.Ready or PairState.Leased).ToList();
            _ = EndLeasesLocked(handed);
            foreach (var entry in handed)
            {
                TransitionLocked(entry, PairState.Detached, ": handed over to the caller");
            }

            return handed.Select(p => new ProvisionedPair(p.Pair!, p.Readiness!)).ToList();
        }
    }
}
