using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Core.Pool;

/// <summary>
/// A job's hold on a ready pair. It lasts <see cref="PairPoolOptions.LeaseTimeToLive"/> from the last
/// <see cref="Renew"/>; when it runs out the pool reclaims the pair and <see cref="LeaseLost"/> fires.
/// Dispose it to give the pair back.
/// </summary>
public sealed class PairLease : IAsyncDisposable
{
    private readonly PairPool _pool;
    private readonly CancellationTokenSource _lost = new();

    internal PairLease(PairPool pool, PoolJob job, VmPair pair, ReadinessReport readiness, DateTimeOffset acquiredAt, DateTimeOffset expiresAt)
    {
        _pool = pool;
        Job = job;
        Pair = pair;
        Readiness = readiness;
        AcquiredAt = acquiredAt;
        ExpiresAt = expiresAt;
    }

    /// <summary>The job holding the lease.</summary>
    public PoolJob Job { get; }

    /// <summary>The leased pair.</summary>
    public VmPair Pair { get; }

    /// <summary>How the pair was proven ready.</summary>
    public ReadinessReport Readiness { get; }

    /// <summary>
    /// Pairs the pool made for this job that failed (creation or bootstrap) before it got this one: when not empty, the
    /// job was reassigned to a healthy pair of an interchangeable spec.
    /// </summary>
    public IReadOnlyList<string> FailedPairs { get; internal init; } = [];

    /// <summary>When the lease was granted.</summary>
    public DateTimeOffset AcquiredAt { get; }

    /// <summary>When the lease runs out unless renewed.</summary>
    public DateTimeOffset ExpiresAt { get; internal set; }

    /// <summary>True until the lease is released, reported failed, or expired.</summary>
    public bool IsActive { get; internal set; } = true;

    /// <summary>Cancelled when the pool takes the pair back (lease expired, pair failed, pool disposed).</summary>
    public CancellationToken LeaseLost => _lost.Token;

    internal ITimer? Timer { get; set; }

    internal Internal.PooledPair? Entry { get; set; }

    /// <summary>The heartbeat: extends the lease by <see cref="PairPoolOptions.LeaseTimeToLive"/> from now.</summary>
    /// <returns>The new expiry.</returns>
    /// <exception cref="InvalidOperationException">The lease is no longer active; the job must stop using the pair.</exception>
    public DateTimeOffset Renew() => _pool.Renew(this);

    /// <summary>Reports that the pair broke under the job; the pool deletes it and the job may acquire another.</summary>
    /// <param name="reason">What broke, secret-free.</param>
    public void ReportPairFailure(string reason) => _pool.ReportPairFailure(this, reason);

    /// <summary>Gives the pair back to the pool (no-op once the lease has ended).</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        _pool.Release(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends the lease; called under the pool's lock.</summary>
    internal void Deactivate()
    {
        IsActive = false;
        Timer?.Dispose();
        Timer = null;
    }

    /// <summary>Fires <see cref="LeaseLost"/>; called outside the pool's lock because callbacks run inline.</summary>
    internal void SignalLost() => _lost.Cancel();

    internal void OnTimer() => _pool.OnLeaseTimer(this);

    internal bool TryRenew() => _pool.TryRenew(this);
}
