namespace Netperf.Lab.Leasing.Internal;

/// <summary>
/// Host leases: a host is held by at most its capacity of pairs at a time (one, unless the host runs several VMs). A lease lives for a TTL from its last heartbeat;
/// a silent holder loses its hosts when the TTL passes. Thread-safe.
/// </summary>
internal sealed class HostLeaseTable(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly List<Lease> _leases = [];
    private TaskCompletionSource _released = NewSignal();

    /// <summary>Completes when any lease is released (then replaced by a fresh signal).</summary>
    public Task Released
    {
        get
        {
            lock (_gate)
            {
                return _released.Task;
            }
        }
    }

    /// <summary>Who holds the host now (the earliest live holder), or <see langword="null"/> when it is free or every lease expired.</summary>
    public string? HolderOf(string host)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return _leases.FirstOrDefault(l => IsHost(l, host) && l.ExpiresAt > now)?.Holder;
        }
    }

    /// <summary>How many holders hold the host now.</summary>
    public int CountOn(string host)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            return _leases.Count(l => IsHost(l, host) && l.ExpiresAt > now);
        }
    }

    /// <summary>Takes all hosts for <paramref name="holder"/>, or none when any is held by someone else (one holder per host).</summary>
    public bool TryAcquire(IReadOnlyCollection<string> hosts, string holder, TimeSpan ttl) =>
        TryAcquire(hosts.Select(h => (h, 1)).ToList(), holder, ttl);

    /// <summary>
    /// Takes a place on every host for <paramref name="holder"/>, or none when any host already has as many other
    /// holders as its capacity.
    /// </summary>
    public bool TryAcquire(IReadOnlyCollection<(string Host, int Capacity)> hosts, string holder, TimeSpan ttl)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            _leases.RemoveAll(l => l.ExpiresAt <= now);
            foreach (var (host, capacity) in hosts)
            {
                if (_leases.Count(l => IsHost(l, host) && l.Holder != holder) >= Math.Max(1, capacity))
                {
                    return false;
                }
            }

            foreach (var (host, _) in hosts)
            {
                _leases.RemoveAll(l => IsHost(l, host) && l.Holder == holder);
                _leases.Add(new Lease(host, holder, now + ttl, ttl));
            }

            return true;
        }
    }

    /// <summary>Renews every live lease of <paramref name="holder"/>; returns how many were renewed.</summary>
    public int Heartbeat(string holder)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var renewed = 0;
            for (var i = 0; i < _leases.Count; i++)
            {
                var lease = _leases[i];
                if (lease.Holder == holder && lease.ExpiresAt > now)
                {
                    _leases[i] = lease with { ExpiresAt = now + lease.Ttl };
                    renewed++;
                }
            }

            return renewed;
        }
    }

    /// <summary>Releases every lease of <paramref name="holder"/>.</summary>
    public void Release(string holder)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _leases.RemoveAll(l => l.Holder == holder);

            signal = _released;
            _released = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool IsHost(Lease lease, string host) => string.Equals(lease.Host, host, StringComparison.OrdinalIgnoreCase);

    private sealed record Lease(string Host, string Holder, DateTimeOffset ExpiresAt, TimeSpan Ttl);
}
