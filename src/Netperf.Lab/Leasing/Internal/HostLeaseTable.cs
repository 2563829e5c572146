namespace Netperf.Lab.Leasing.Internal;

/// <summary>
/// Host leases: a host is held by at most one pair at a time. A lease lives for a TTL from its last heartbeat;
/// a silent holder loses its hosts when the TTL passes. Thread-safe.
/// </summary>
internal sealed class HostLeaseTable(TimeProvider time)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Lease> _leases = new(StringComparer.OrdinalIgnoreCase);
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

    /// <summary>Who holds the host now, or <see langword="null"/> when it is free or its lease expired.</summary>
    public string? HolderOf(string host)
    {
        lock (_gate)
        {
            return _leases.TryGetValue(host, out var lease) && lease.ExpiresAt > time.GetUtcNow() ? lease.Holder : null;
        }
    }

    /// <summary>Takes all hosts for <paramref name="holder"/>, or none when any is held by someone else.</summary>
    public bool TryAcquire(IReadOnlyCollection<string> hosts, string holder, TimeSpan ttl)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var host in hosts)
            {
                if (_leases.TryGetValue(host, out var lease) && lease.ExpiresAt > now && lease.Holder != holder)
                {
                    return false;
                }
            }

            foreach (var host in hosts)
            {
                _leases[host] = new Lease(holder, now + ttl, ttl);
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
            foreach (var (host, lease) in _leases.ToList())
            {
                if (lease.Holder == holder && lease.ExpiresAt > now)
                {
                    _leases[host] = lease with { ExpiresAt = now + lease.Ttl };
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
            foreach (var host in _leases.Where(l => l.Value.Holder == holder).Select(l => l.Key).ToList())
            {
                _leases.Remove(host);
            }

            signal = _released;
            _released = NewSignal();
        }

        signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed record Lease(string Holder, DateTimeOffset ExpiresAt, TimeSpan Ttl);
}
