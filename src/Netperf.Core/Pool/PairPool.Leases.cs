using Netperf.Core.Hosting.Internal;
using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

public sealed partial class PairPool
{
    internal DateTimeOffset Renew(PairLease lease)
    {
        lock (_gate)
        {
            if (!lease.IsActive)
            {
                throw new InvalidOperationException(
                    $"The lease of job {lease.Job.Id} on pair {lease.Pair.Id} has ended (released, expired or the pair failed); stop using the pair and acquire a new one.");
            }

            lease.ExpiresAt = _time.GetUtcNow() + _options.LeaseTimeToLive;
            lease.Timer?.Change(_options.LeaseTimeToLive, Timeout.InfiniteTimeSpan);
            KeepExpiryLocked(lease.Entry);
            return lease.ExpiresAt;
        }
    }

    /// <summary>
    /// Renews <paramref name="lease"/> every third of the lease's time to live until the returned timer is disposed, for a
    /// holder that keeps a pair longer than that without calling <see cref="PairLease.Renew"/>; a renewal of an ended
    /// lease does nothing.
    /// </summary>
    internal ITimer KeepRenewed(PairLease lease)
    {
        var beat = _options.LeaseTimeToLive / 3;
        return _time.CreateTimer(static s => ((PairLease)s!).TryRenew(), lease, beat, beat);
    }

    internal bool TryRenew(PairLease lease)
    {
        lock (_gate)
        {
            if (!lease.IsActive)
            {
                return false;
            }

            lease.ExpiresAt = _time.GetUtcNow() + _options.LeaseTimeToLive;
            lease.Timer?.Change(_options.LeaseTimeToLive, Timeout.InfiniteTimeSpan);
            KeepExpiryLocked(lease.Entry);
            return true;
        }
    }

    internal void Release(PairLease lease)
    {
        lock (_gate)
        {
            ReleaseLocked(lease);
        }
    }

    internal void ReportPairFailure(PairLease lease, string reason)
    {
        List<PairLease> lost;
        lock (_gate)
        {
            if (!lease.IsActive || lease.Entry is not { } entry)
            {
                return;
            }

            entry.FailureReason = reason;
            lost = EndLeasesLocked([entry]);
            TransitionLocked(entry, PairState.Failed, $": job {lease.Job.Id} reported: {reason}");
            CoreDiagnostics.PairsFailed.Add(1, new KeyValuePair<string, object?>("stage", "job"));
            StartDeleteLocked(entry, "failed under a job");
            DispatchLocked();
        }

        Signal(lost);
    }

    internal void OnLeaseTimer(PairLease lease)
    {
        List<PairLease> lost;
        lock (_gate)
        {
            if (!lease.IsActive || lease.Entry is not { } entry)
            {
                return;
            }

            var remaining = lease.ExpiresAt - _time.GetUtcNow();
            if (remaining > TimeSpan.Zero)
            {
                lease.Timer?.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            PoolLog.LeaseExpired(_logger, lease.Job.Id, entry.Id, lease.ExpiresAt);
            CoreDiagnostics.LeasesExpired.Add(1);
            CoreDiagnostics.PairsFailed.Add(1, new KeyValuePair<string, object?>("stage", "lease-expired"));
            entry.FailureReason = $"the lease of job {lease.Job.Id} expired without a heartbeat";
            lost = EndLeasesLocked([entry]);
            TransitionLocked(entry, PairState.Expired, $": {entry.FailureReason}");
            StartDeleteLocked(entry, "reclaimed after an expired lease");
            DispatchLocked();
        }

        Signal(lost);
    }

    private void ReleaseLocked(PairLease lease)
    {
        if (!lease.IsActive || lease.Entry is not { } entry)
        {
            return;
        }

        lease.Deactivate();
        entry.Leases.Remove(lease);
        if (entry.State == PairState.Leased && entry.Leases.Count == 0)
        {
            TransitionLocked(entry, PairState.Ready, $": released by job {lease.Job.Id}");
        }

        DispatchLocked();
    }

    private static List<PairLease> EndLeasesLocked(IEnumerable<PooledPair> entries)
    {
        var ended = new List<PairLease>();
        foreach (var entry in entries)
        {
            foreach (var lease in entry.Leases)
            {
                lease.Deactivate();
                ended.Add(lease);
            }

            entry.Leases.Clear();
        }

        return ended;
    }

    private static void Signal(List<PairLease> lost)
    {
        foreach (var lease in lost)
        {
            lease.SignalLost();
        }
    }
}
