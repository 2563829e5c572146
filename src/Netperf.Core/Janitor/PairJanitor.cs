using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Core.Hosting.Internal;
using Netperf.Core.Janitor.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Core.Janitor;

/// <summary>
/// Deletes pairs that are expired (<c>netperf-expires</c> has passed) or orphaned (every liveness
/// check that knows the run says it ended), and the remnants a crash left (<see cref="PairRecord.IsRemnant"/>,
/// which a provider reports only for what it proves is its own). It never touches a pair that lacks any of the
/// ownership tags, and never deletes an unexpired pair whose run a check reports alive. A dry run plans only.
/// </summary>
public sealed class PairJanitor
{
    private readonly VmPairProviderCatalog _providers;
    private readonly IReadOnlyList<IRunLivenessCheck> _liveness;
    private readonly JanitorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Creates the janitor.</summary>
    /// <param name="providers">The providers whose pairs are swept.</param>
    /// <param name="livenessChecks">Checks that tell whether a run is alive; none means expiry alone decides.</param>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="logger">The logger; none when <see langword="null"/>.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public PairJanitor(
        VmPairProviderCatalog providers,
        IEnumerable<IRunLivenessCheck> livenessChecks,
        IOptions<JanitorOptions> options,
        TimeProvider? timeProvider = null,
        ILogger<PairJanitor>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(livenessChecks);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new JanitorOptionsValidator().Validate(Options.DefaultName, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(JanitorOptions), validation.Failures);
        }

        _providers = providers;
        _liveness = livenessChecks.ToList();
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<PairJanitor>.Instance;
    }

    /// <summary>Lists every pair of the swept environments and decides about each; deletes nothing.</summary>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The plan.</returns>
    public async Task<JanitorPlan> PlanAsync(CancellationToken cancellationToken = default)
    {
        using var activity = CoreDiagnostics.ActivitySource.StartActivity("netperf.janitor.plan");
        var now = _time.GetUtcNow();
        var decisions = new List<JanitorDecision>();
        var listFailures = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var runs = new Dictionary<string, RunLiveness>(StringComparer.Ordinal);
        foreach (var provider in SweptProviders())
        {
            IReadOnlyList<PairRecord> records;
            try
            {
                records = await provider.ListPairsAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                JanitorLog.ListFailed(_logger, provider.Environment, ex);
                listFailures[provider.Environment] = ex.Message;
                continue;
            }

            foreach (var record in records)
            {
                var decision = await DecideAsync(record, now, runs, cancellationToken).ConfigureAwait(false);
                JanitorLog.Decided(_logger, record.Environment, record.Id, decision.Action, decision.Reason, decision.Detail);
                decisions.Add(decision);
            }
        }

        return new JanitorPlan { CreatedAt = now, Decisions = decisions, ListFailures = listFailures };
    }

    /// <summary>Plans, then (unless <paramref name="dryRun"/>) deletes what the plan says.</summary>
    /// <param name="dryRun">True to plan only.</param>
    /// <param name="cancellationToken">Cancels the sweep; deletions already started finish or time out.</param>
    /// <returns>What was found and done.</returns>
    public async Task<JanitorReport> SweepAsync(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var plan = await PlanAsync(cancellationToken).ConfigureAwait(false);
        var deleted = new List<string>();
        var failed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (dryRun)
        {
            JanitorLog.DryRun(_logger, plan.ToDelete.Count);
            return new JanitorReport { Plan = plan, DryRun = true, Deleted = deleted, Failed = failed };
        }

        using var activity = CoreDiagnostics.ActivitySource.StartActivity("netperf.janitor.sweep");
        var gate = new object();
        await Parallel.ForEachAsync(
            plan.ToDelete,
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelDeletes, CancellationToken = cancellationToken },
            async (decision, token) =>
            {
                var record = decision.Record;
                var key = $"{record.Environment}/{record.Id}";
                using var timeout = new CancellationTokenSource(_options.DeleteTimeout, _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
                try
                {
                    await _providers.Get(record.Environment).DeletePairAsync(record.Id, linked.Token).ConfigureAwait(false);
                    JanitorLog.Deleted(_logger, record.Environment, record.Id);
                    CoreDiagnostics.JanitorDeleted.Add(1, new KeyValuePair<string, object?>("reason", decision.Reason.ToString()));
                    lock (gate)
                    {
                        deleted.Add(key);
                    }
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    JanitorLog.DeleteFailed(_logger, record.Environment, record.Id, ex);
                    lock (gate)
                    {
                        failed[key] = ex.Message;
                    }
                }
            }).ConfigureAwait(false);

        return new JanitorReport { Plan = plan, DryRun = false, Deleted = deleted, Failed = failed };
    }

    private IEnumerable<IVmPairProvider> SweptProviders() =>
        _options.Environments.Count == 0
            ? _providers.Providers
            : _options.Environments.Select(_providers.Get);

    private async Task<JanitorDecision> DecideAsync(PairRecord record, DateTimeOffset now, Dictionary<string, RunLiveness> runs, CancellationToken cancellationToken)
    {
        JanitorDecision Keep(JanitorReason reason, string detail)
        {
            CoreDiagnostics.JanitorKept.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
            return new() { Record = record, Action = JanitorAction.Keep, Reason = reason, Detail = detail };
        }

        JanitorDecision Delete(JanitorReason reason, string detail) =>
            new() { Record = record, Action = JanitorAction.Delete, Reason = reason, Detail = detail };

        if (record.IsRemnant)
        {
            return Delete(JanitorReason.Remnant, "left by a crash (no ownership record, or its process is gone) in the provider's own state; removed");
        }

        var expiry = OwnershipTags.TryGetExpiry(record.Tags);
        if (!OwnershipTags.IsOurs(record.Tags) || expiry is null)
        {
            return Keep(JanitorReason.NotOurs, $"lacks one of the ownership tags {OwnershipTags.Owner}, {OwnershipTags.Run}, {OwnershipTags.Pair}, {OwnershipTags.Expires}; never touched");
        }

        var owner = record.Tags[OwnershipTags.Owner];
        if (_options.Owner is not null && !string.Equals(owner, _options.Owner, StringComparison.Ordinal))
        {
            return Keep(JanitorReason.OtherOwner, $"owned by {owner}, sweeping {_options.Owner}");
        }

        if (expiry <= now)
        {
            return Delete(JanitorReason.Expired, $"expired at {OwnershipTags.FormatExpiry(expiry.Value)}");
        }

        var runId = record.Tags[OwnershipTags.Run];
        if (!runs.TryGetValue(runId, out var liveness))
        {
            liveness = await CheckRunAsync(runId, cancellationToken).ConfigureAwait(false);
            runs[runId] = liveness;
        }

        return liveness switch
        {
            RunLiveness.Ended => Delete(JanitorReason.RunEnded, $"run {runId} has ended (would expire at {OwnershipTags.FormatExpiry(expiry.Value)})"),
            RunLiveness.Alive => Keep(JanitorReason.RunAlive, $"run {runId} is alive; expires at {OwnershipTags.FormatExpiry(expiry.Value)}"),
            _ => Keep(JanitorReason.NotExpired, $"expires at {OwnershipTags.FormatExpiry(expiry.Value)}; run {runId} state unknown"),
        };
    }

    /// <summary>Alive if any check says alive (safety first), else Ended if any says ended, else Unknown.</summary>
    private async Task<RunLiveness> CheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        var ended = false;
        foreach (var check in _liveness)
        {
            RunLiveness answer;
            try
            {
                answer = await check.CheckAsync(runId, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                JanitorLog.LivenessFailed(_logger, check.GetType().Name, runId, ex);
                continue;
            }

            if (answer == RunLiveness.Alive)
            {
                return RunLiveness.Alive;
            }

            ended |= answer == RunLiveness.Ended;
        }

        return ended ? RunLiveness.Ended : RunLiveness.Unknown;
    }
}
