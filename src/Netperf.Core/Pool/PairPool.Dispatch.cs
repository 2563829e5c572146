using Netperf.Core.Hosting.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Pairs.Internal;
using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

public sealed partial class PairPool
{
    /// <summary>
    /// Matches waiting jobs to pairs, in arrival order: a free ready pair of an interchangeable spec
    /// (least-loaded first), else a pair already being made for that spec, else a new pair when the
    /// admission limits allow, else an idle pair nobody waits for is evicted to make room.
    /// Runs under the lock after every change.
    /// </summary>
    private void DispatchLocked()
    {
        if (_disposed)
        {
            return;
        }

        DeleteExpiredIdleLocked();
        var claimed = new HashSet<PooledPair>();
        var evicting = false;
        foreach (var waiter in _waiters.ToList())
        {
            var free = _pairs
                .Where(p => p.State is PairState.Ready or PairState.Leased && p.Leases.Count < _options.MaxLeasesPerPair && p.CanServe(waiter.Job))
                .OrderBy(p => p.Leases.Count)
                .ThenBy(p => p.LeasesServed)
                .FirstOrDefault();
            if (free is not null)
            {
                GrantLocked(waiter, free);
                continue;
            }

            var coming = _pairs.FirstOrDefault(p => p.IsInFlight && !claimed.Contains(p) && p.CanServe(waiter.Job));
            if (coming is not null)
            {
                claimed.Add(coming);
                continue;
            }

            if (CanAdmitLocked(waiter.Job.Spec.Environment))
            {
                claimed.Add(StartProvisioningLocked(waiter.Job));
                continue;
            }

            if (!evicting)
            {
                evicting = TryEvictLocked(waiter.Job);
            }
        }
    }

    private bool CanAdmitLocked(string environment) =>
        _pairs.Count < _options.MaxPairs
        && _pairs.Count(p => string.Equals(p.Spec.Environment, environment, StringComparison.OrdinalIgnoreCase)) < _options.MaxPairsPerEnvironment;

    private bool TryEvictLocked(PoolJob job)
    {
        var environmentFull = _pairs.Count(p => string.Equals(p.Spec.Environment, job.Spec.Environment, StringComparison.OrdinalIgnoreCase)) >= _options.MaxPairsPerEnvironment;
        bool InScope(PooledPair p) => !environmentFull || string.Equals(p.Spec.Environment, job.Spec.Environment, StringComparison.OrdinalIgnoreCase);

        if (_pairs.Any(p => p.State == PairState.Deleting && InScope(p)))
        {
            // Room is already being made; wait for it rather than evicting more.
            return true;
        }

        var victim = _pairs
            .Where(p => p.State == PairState.Ready && InScope(p) && !_waiters.Any(w => p.CanServe(w.Job)))
            .OrderBy(p => p.LeasesServed)
            .FirstOrDefault();
        if (victim is null)
        {
            return false;
        }

        PoolLog.Evicting(_logger, victim.Id, victim.Spec, job.Spec);
        StartDeleteLocked(victim, $"evicted to make room for {job.Spec}");
        return true;
    }

    private PooledPair StartProvisioningLocked(PoolJob job)
    {
        var entry = new PooledPair(PairIdGenerator.New(), job.Spec, job.Requirements, _time.GetTimestamp()) { RequestedFor = job.Id };
        _pairs.Add(entry);
        PoolLog.Requested(_logger, entry.Id, entry.Spec, job.Id);
        StartBackgroundLocked(() => ProvisionAsync(entry));
        return entry;
    }

    private void GrantLocked(PoolWaiter waiter, PooledPair entry)
    {
        _waiters.Remove(waiter);
        var now = _time.GetUtcNow();
        var lease = new PairLease(this, waiter.Job, entry.Pair!, entry.Readiness!, now, now + _options.LeaseTimeToLive) { Entry = entry, FailedPairs = [.. waiter.FailedPairs] };
        entry.Leases.Add(lease);
        entry.LeasesServed++;
        if (entry.State != PairState.Leased)
        {
            TransitionLocked(entry, PairState.Leased, $": job {waiter.Job.Id}");
        }

        lease.Timer = _time.CreateTimer(static s => ((PairLease)s!).OnTimer(), lease, _options.LeaseTimeToLive, Timeout.InfiniteTimeSpan);
        KeepExpiryLocked(entry);
        CoreDiagnostics.LeasesGranted.Add(1);
        PoolLog.LeaseGranted(_logger, waiter.Job.Id, entry.Id, lease.ExpiresAt);
        if (!waiter.Completion.TrySetResult(lease))
        {
            ReleaseLocked(lease);
        }
    }

    private void FailWaitersLocked(MachineSpec spec, int failures, Exception lastError)
    {
        var failed = _waiters.Where(w => w.Job.Spec.IsInterchangeableWith(spec)).ToList();
        PoolLog.ProvisioningGaveUp(_logger, spec, failures, failed.Count, lastError);
        foreach (var waiter in failed)
        {
            _waiters.Remove(waiter);
            waiter.Completion.TrySetException(new PairProvisioningException(
                "provision",
                $"Job {waiter.Job.Id} got no pair: {failures} attempts in a row to provision {spec} failed; the last: {lastError.Message} " +
                $"Fix the cause, or raise {PairPoolOptions.SectionName}:MaxConsecutiveProvisioningFailures.",
                lastError));
        }
    }

    private void StartBackgroundLocked(Func<Task> work) => _background.Add(Task.Run(work));

    private static string SpecKey(MachineSpec spec) =>
        $"{spec.Image}|{spec.Environment}|{spec.Architecture}|{spec.Size}".ToUpperInvariant();
}
