using Netperf.Core.Hosting.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

public sealed partial class PairPool
{
    private async Task ProvisionAsync(PooledPair entry)
    {
        using var activity = CoreDiagnostics.ActivitySource.StartActivity("netperf.pool.provision");
        activity?.SetTag("netperf.pair.id", entry.Id);
        activity?.SetTag("netperf.spec", entry.Spec.ToString());
        // The environment's slot first: a pair waiting for its environment must not hold a slot another environment could use.
        var environmentSlots = _environmentSlots.GetValueOrDefault(entry.Spec.Environment);
        try
        {
            if (environmentSlots is not null)
            {
                await environmentSlots.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            }

            try
            {
                await _slots.WaitAsync(_lifetime.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                environmentSlots?.Release();
                throw;
            }
        }
        catch (OperationCanceledException)
        {
            lock (_gate)
            {
                TransitionLocked(entry, PairState.Deleted, ": pool disposed before creation began");
            }

            return;
        }

        try
        {
            lock (_gate)
            {
                TransitionLocked(entry, PairState.Creating, string.Empty);
            }

            var request = new PairRequest
            {
                Spec = entry.Spec,
                Owner = _options.Owner,
                RunId = _runId,
                TimeToLive = _options.PairTimeToLive,
                PairId = entry.Id,
            };
            var provisioned = await _provisioner.ProvisionAsync(
                request,
                entry.Requirements,
                pair =>
                {
                    lock (_gate)
                    {
                        entry.Pair = pair;
                        TransitionLocked(entry, PairState.Bootstrapping, string.Empty);
                    }
                },
                _lifetime.Token).ConfigureAwait(false);

            lock (_gate)
            {
                entry.Pair = provisioned.Pair;
                entry.Readiness = provisioned.Readiness;
                entry.PersistedExpiry = provisioned.Pair.ExpiresAt;
                _consecutiveFailures[SpecKey(entry.Spec)] = 0;
                TransitionLocked(entry, PairState.Ready, $": proven ready over {provisioned.Readiness.Transport}");
                CoreDiagnostics.PairsCreated.Add(1);
                CoreDiagnostics.ProvisionDuration.Record(_time.GetElapsedTime(entry.RequestedAt).TotalSeconds);
                DispatchLocked();
            }
        }
        catch (Exception ex)
        {
            var cancelled = ex is OperationCanceledException && _lifetime.IsCancellationRequested;
            var step = (ex as PairProvisioningException)?.Step ?? (cancelled ? "cancelled" : "create");
            if (!cancelled)
            {
                PoolLog.ProvisioningFailed(_logger, entry.Id, entry.Spec, step, ex);
            }

            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, step);
            lock (_gate)
            {
                entry.FailureReason = ex.Message;
                foreach (var waiter in _waiters.Where(w => w.Job.Id == entry.RequestedFor))
                {
                    waiter.FailedPairs.Add(entry.Id);
                }

                TransitionLocked(entry, PairState.Failed, $": {step}");

                // The provisioner deleted whatever existed of the pair before it threw.
                TransitionLocked(entry, PairState.Deleted, ": removed by the provisioner (all or nothing)");
                if (!cancelled)
                {
                    CoreDiagnostics.PairsFailed.Add(1, new KeyValuePair<string, object?>("stage", step.StartsWith("bootstrap", StringComparison.Ordinal) ? "bootstrap" : "create"));
                    var key = SpecKey(entry.Spec);
                    var failures = _consecutiveFailures.GetValueOrDefault(key) + 1;
                    _consecutiveFailures[key] = failures;
                    var permanent = ex is PairProvisioningException { ErrorCode: { } code } && PermanentErrorCodes.Contains(code);
                    if (failures >= _options.MaxConsecutiveProvisioningFailures || (permanent && failures >= 2))
                    {
                        _consecutiveFailures[key] = 0;
                        FailWaitersLocked(entry.Spec, failures, ex);
                    }
                }

                DispatchLocked();
            }
        }
        finally
        {
            _slots.Release();
            environmentSlots?.Release();
        }
    }

    // Errors that another attempt of the same spec cannot fix: the pool stops retrying them after the second in a row.
    private static readonly HashSet<string> PermanentErrorCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "UnknownImage", "SkuNotAvailable", "QuotaExceeded", "InvalidParameter", "AuthorizationFailed", "InvalidResourceReference",
        "LocationNotAvailableForResourceType", "ResourceGroupNotFound", "SubscriptionNotFound",
    };

    private void StartDeleteLocked(PooledPair entry, string reason)
    {
        TransitionLocked(entry, PairState.Deleting, $": {reason}");
        StartBackgroundLocked(() => DeleteAsync(entry));
    }

    private async Task DeleteAsync(PooledPair entry)
    {
        var provider = _providers.Get(entry.Spec.Environment);
        using var timeout = new CancellationTokenSource(_options.DeleteTimeout, _time);
        try
        {
            await provider.DeletePairAsync(entry.Id, timeout.Token).ConfigureAwait(false);
            lock (_gate)
            {
                TransitionLocked(entry, PairState.Deleted, string.Empty);
                CoreDiagnostics.PairsDeleted.Add(1);
                DispatchLocked();
            }
        }
        catch (Exception ex)
        {
            PoolLog.CleanupFailed(_logger, entry.Id, entry.Spec.Environment, ex);
            lock (_gate)
            {
                entry.FailureReason = ex.Message;
                TransitionLocked(entry, PairState.DeleteFailed, $": {ex.Message}");
                DispatchLocked();
            }
        }
    }

    private void TransitionLocked(PooledPair entry, PairState to, string detail)
    {
        var from = entry.State;
        if (!PairStateMachine.IsAllowed(from, to))
        {
            throw new InvalidOperationException($"Pair pool bug: pair {entry.Id} cannot go from {from} to {to}.");
        }

        entry.State = to;
        PoolLog.StateChanged(_logger, entry.Id, entry.Spec, from, to, detail);
        if (to == PairState.DeleteFailed)
        {
            _abandoned.Add(entry.ToSnapshot());
        }

        if (to is PairState.Deleted or PairState.DeleteFailed or PairState.Detached)
        {
            _pairs.Remove(entry);
        }
    }
}
