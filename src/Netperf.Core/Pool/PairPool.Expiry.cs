using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

/// <content>
/// The persisted expiry follows the leases: the janitor, in another process, judges a pair by the <c>netperf-expires</c>
/// its provider stores, so a heartbeat that finds less than half of <see cref="PairPoolOptions.PairTimeToLive"/> left moves
/// it to now + <see cref="PairPoolOptions.PairTimeToLive"/> (<see cref="Pairs.IVmPairProvider.ExtendExpiryAsync"/>). A pair
/// whose leases are renewed is therefore never deleted by the janitor, however long the run; once the heartbeats stop (the
/// run ended or died) it expires at most one time-to-live later. An idle pair that expired is deleted, never leased.
/// </content>
public sealed partial class PairPool
{
    /// <summary>Starts moving the entry's persisted expiry forward when less than half of the pair time-to-live is left.</summary>
    private void KeepExpiryLocked(PooledPair? entry)
    {
        if (entry is not { PersistedExpiry: { } expiry, ExtendingExpiry: false } || _disposed)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (expiry - now >= _options.PairTimeToLive / 2)
        {
            return;
        }

        entry.ExtendingExpiry = true;
        var target = now + _options.PairTimeToLive;
        StartBackgroundLocked(() => ExtendExpiryAsync(entry, target));
    }

    private async Task ExtendExpiryAsync(PooledPair entry, DateTimeOffset target)
    {
        var provider = _providers.Get(entry.Spec.Environment);
        bool stored;
        try
        {
            stored = await provider.ExtendExpiryAsync(entry.Id, target, _lifetime.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            if (ex is not OperationCanceledException || !_lifetime.IsCancellationRequested)
            {
                PoolLog.ExpiryExtendFailed(_logger, entry.Id, target, ex);
            }

            lock (_gate)
            {
                entry.ExtendingExpiry = false;
            }

            return;
        }

        lock (_gate)
        {
            if (stored)
            {
                entry.PersistedExpiry = target;
                entry.ExtendingExpiry = false;
                PoolLog.ExpiryExtended(_logger, entry.Id, target);
            }
            else
            {
                // The provider cannot store it: say so once, and stop asking (ExtendingExpiry stays set).
                PoolLog.ExpiryNotStored(_logger, entry.Id, entry.Spec.Environment, entry.PersistedExpiry ?? target);
            }
        }
    }

    /// <summary>An idle pair whose persisted expiry has passed may be gone already (the janitor): delete it, never lease it.</summary>
    private void DeleteExpiredIdleLocked()
    {
        var now = _time.GetUtcNow();
        foreach (var entry in _pairs.Where(p => p is { State: PairState.Ready, Leases.Count: 0, PersistedExpiry: { } e } && e <= now).ToList())
        {
            PoolLog.ExpiredWhileIdle(_logger, entry.Id, entry.PersistedExpiry!.Value);
            StartDeleteLocked(entry, "expired while idle");
        }
    }
}
