using Microsoft.Extensions.Logging;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;

namespace Netperf.Core.GitHub;

/// <summary>
/// Removes stale Netperf runners. It looks only at runners with the <c>netperf</c> label and never deletes a
/// busy one. A runner whose run (<c>run-</c> label) has ended is removed; a runner of a live run is kept.
/// When the run's state is unknown, an offline runner whose pair (<c>pair-</c> and <c>env-</c> labels) no
/// longer exists in its environment is removed. Anything it cannot judge is kept.
/// </summary>
public sealed partial class RunnerJanitor
{
    private readonly IRunnerRegistry _registry;
    private readonly IReadOnlyList<IVmPairProvider> _providers;
    private readonly IReadOnlyList<IRunLivenessCheck> _liveness;
    private readonly ILogger<RunnerJanitor> _logger;

    /// <summary>Creates the janitor.</summary>
    /// <param name="registry">Where the runners are.</param>
    /// <param name="providers">The pair providers, to tell whether a runner's pair still exists.</param>
    /// <param name="livenessChecks">Checks that tell whether a runner's run is alive (first definite answer wins).</param>
    /// <param name="logger">The logger.</param>
    public RunnerJanitor(IRunnerRegistry registry, IEnumerable<IVmPairProvider> providers, IEnumerable<IRunLivenessCheck> livenessChecks, ILogger<RunnerJanitor> logger)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(providers);
        ArgumentNullException.ThrowIfNull(livenessChecks);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _providers = providers.ToList();
        _liveness = livenessChecks.ToList();
        _logger = logger;
    }

    /// <summary>Finds stale runners and deletes them (or only reports them when <paramref name="dryRun"/> is set).</summary>
    /// <param name="dryRun">Report without deleting.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>One decision per Netperf runner.</returns>
    public async Task<RunnerPruneReport> PruneAsync(bool dryRun = false, CancellationToken cancellationToken = default)
    {
        var runners = await _registry.ListRunnersAsync(null, cancellationToken).ConfigureAwait(false);
        var runs = new Dictionary<string, RunLiveness>(StringComparer.OrdinalIgnoreCase);
        var pairs = new Dictionary<string, HashSet<string>?>(StringComparer.OrdinalIgnoreCase);
        var decisions = new List<RunnerPruneDecision>();
        foreach (var runner in runners.Where(r => r.HasLabel(RunnerLabels.Netperf)))
        {
            var (delete, reason) = await JudgeAsync(runner, runs, pairs, cancellationToken).ConfigureAwait(false);
            var decision = new RunnerPruneDecision { Runner = runner, Action = RunnerPruneAction.Kept, Reason = reason };
            if (delete)
            {
                decision = dryRun
                    ? decision with { Action = RunnerPruneAction.WouldDelete }
                    : await DeleteAsync(runner, reason, cancellationToken).ConfigureAwait(false);
            }

            LogDecision(_logger, runner.Name, runner.Id, decision.Action, decision.Reason);
            decisions.Add(decision);
        }

        return new RunnerPruneReport { DryRun = dryRun, Decisions = decisions };
    }

    /// <summary>
    /// Removes the idle runners of one run (its cleanup step: the run is still alive, so <see cref="PruneAsync"/>
    /// would keep them). Busy runners are kept; offline and online idle ones are deleted.
    /// </summary>
    /// <param name="runId">The run id and attempt, as in the <c>run-</c> label (for example <c>4711-1</c>).</param>
    /// <param name="dryRun">Report without deleting.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>One decision per runner of that run.</returns>
    public async Task<RunnerPruneReport> RemoveRunAsync(string runId, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var label = RunnerLabels.Run(runId);
        var runners = await _registry.ListRunnersAsync(null, cancellationToken).ConfigureAwait(false);
        var decisions = new List<RunnerPruneDecision>();
        foreach (var runner in runners.Where(r => r.HasLabel(RunnerLabels.Netperf) && r.HasLabel(label)))
        {
            var reason = $"belongs to run {runId}, which is cleaning up";
            var decision = runner.Busy
                ? new RunnerPruneDecision { Runner = runner, Action = RunnerPruneAction.Kept, Reason = "busy: it is running a job" }
                : dryRun
                    ? new RunnerPruneDecision { Runner = runner, Action = RunnerPruneAction.WouldDelete, Reason = reason }
                    : await DeleteAsync(runner, reason, cancellationToken).ConfigureAwait(false);
            LogDecision(_logger, runner.Name, runner.Id, decision.Action, decision.Reason);
            decisions.Add(decision);
        }

        return new RunnerPruneReport { DryRun = dryRun, Decisions = decisions };
    }

    private async Task<(bool Delete, string Reason)> JudgeAsync(
        RunnerInfo runner, Dictionary<string, RunLiveness> runs, Dictionary<string, HashSet<string>?> pairs, CancellationToken cancellationToken)
    {
        if (runner.Busy)
        {
            return (false, "busy: it is running a job");
        }

        var runId = RunnerLabels.FindRunId(runner);
        if (runId is not null)
        {
            if (!runs.TryGetValue(runId, out var liveness))
            {
                liveness = await CheckRunAsync(runId, cancellationToken).ConfigureAwait(false);
                runs[runId] = liveness;
            }

            if (liveness == RunLiveness.Alive)
            {
                return (false, $"run {runId} is alive");
            }

            if (liveness == RunLiveness.Ended)
            {
                return (true, $"run {runId} has ended");
            }
        }

        var pairId = RunnerLabels.FindPairId(runner);
        var environment = RunnerLabels.FindEnvironment(runner);
        if (pairId is null || environment is null)
        {
            return (false, "no run state and no pair-/env- labels to judge by");
        }

        if (!pairs.TryGetValue(environment, out var existing))
        {
            existing = await ListPairsAsync(environment, cancellationToken).ConfigureAwait(false);
            pairs[environment] = existing;
        }

        if (existing is null)
        {
            return (false, $"no pair provider for environment '{environment}' to check pair {pairId}");
        }

        if (existing.Contains(pairId))
        {
            return (false, $"pair {pairId} still exists");
        }

        return runner.Status == RunnerStatus.Offline
            ? (true, $"offline and pair {pairId} no longer exists")
            : (false, $"pair {pairId} no longer exists but the runner is online; it goes offline with its machine");
    }

    private async Task<RunLiveness> CheckRunAsync(string runId, CancellationToken cancellationToken)
    {
        // A run label carries no repository (labels cannot hold '/'): a repository's runners belong to that repository's
        // runs, so the run is asked about there. An organization's runners could belong to any of its repositories: unknown.
        var qualified = RepositoryOfRegistry() is { } repository && !runId.Contains('/', StringComparison.Ordinal) ? $"{repository}/{runId}" : runId;
        foreach (var check in _liveness)
        {
            var liveness = await check.CheckAsync(qualified, cancellationToken).ConfigureAwait(false);
            if (liveness != RunLiveness.Unknown)
            {
                return liveness;
            }
        }

        return RunLiveness.Unknown;
    }

    /// <summary><c>owner/repo</c> when the registry registers runners in one repository (its URL is <c>https://host/owner/repo</c>), else <see langword="null"/>.</summary>
    private string? RepositoryOfRegistry()
    {
        var segments = _registry.RegistrationUrl.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length == 2 ? Uri.UnescapeDataString(segments[0]) + "/" + Uri.UnescapeDataString(segments[1]) : null;
    }

    private async Task<HashSet<string>?> ListPairsAsync(string environment, CancellationToken cancellationToken)
    {
        var providers = _providers.Where(p => string.Equals(RunnerLabels.Normalize(p.Environment), environment, StringComparison.OrdinalIgnoreCase)).ToList();
        if (providers.Count == 0)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            foreach (var record in await provider.ListPairsAsync(cancellationToken).ConfigureAwait(false))
            {
                ids.Add(RunnerLabels.Normalize(record.Id));
            }
        }

        return ids;
    }

    private async Task<RunnerPruneDecision> DeleteAsync(RunnerInfo runner, string reason, CancellationToken cancellationToken)
    {
        try
        {
            var deleted = await _registry.DeleteRunnerAsync(runner.Id, force: false, cancellationToken).ConfigureAwait(false);
            return new RunnerPruneDecision { Runner = runner, Action = RunnerPruneAction.Deleted, Reason = deleted ? reason : reason + " (already gone)" };
        }
        catch (RunnerBusyException)
        {
            return new RunnerPruneDecision { Runner = runner, Action = RunnerPruneAction.Kept, Reason = "took a job meanwhile; kept" };
        }
        catch (GitHubApiException ex)
        {
            return new RunnerPruneDecision { Runner = runner, Action = RunnerPruneAction.Failed, Reason = ex.Message };
        }
    }

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Runner janitor: {Name} (id {RunnerId}) {Action}: {Reason}")]
    private static partial void LogDecision(ILogger logger, string name, long runnerId, RunnerPruneAction action, string reason);
}
