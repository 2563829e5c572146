using Netperf.Core.GitHub;
using Netperf.Core.Pairs;

namespace Netperf.Core.Runs;

/// <content>Removing a run: its runners, its pairs, its plan.</content>
public sealed partial class RunPlanner
{
    /// <summary>
    /// Removes a run: every runner labelled with the run (or named in its plan), every pair tagged with the run in the
    /// plan's environments (every environment here when there is no plan), and the plan file. Idempotent: safe twice,
    /// after a partial provision, and for a run that never existed. Deletion is not cancelled halfway by design: pass a
    /// token only to bound it.
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="registry">Where the run's runners are registered, or <see langword="null"/> for a run without GitHub.</param>
    /// <param name="cancellationToken">Cancels the teardown.</param>
    /// <returns>What was removed and what failed (the plan stays when anything failed, for the next teardown or the janitor).</returns>
    public async Task<RunTeardownReport> TeardownAsync(string runId, IRunnerRegistry? registry = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        var plan = await _store.LoadAsync(runId, cancellationToken).ConfigureAwait(false);
        var failures = new List<string>();
        var runners = new List<string>();
        var deleted = new List<string>();
        if (registry is not null)
        {
            try
            {
                var label = RunnerLabels.Run(runId);
                var named = plan?.Jobs.Select(j => j.RunnerName).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
                foreach (var runner in (await registry.ListRunnersAsync(null, cancellationToken).ConfigureAwait(false)).Where(r => r.HasLabel(label) || named.Contains(r.Name)))
                {
                    try
                    {
                        await registry.DeleteRunnerAsync(runner.Id, force: true, cancellationToken).ConfigureAwait(false);
                        runners.Add(runner.Name);
                    }
                    catch (Exception ex) when (ex is GitHubApiException or RunnerBusyException)
                    {
                        failures.Add($"runner {runner.Name} (id {runner.Id}): {ex.Message}");
                        LogTeardownFailed(_logger, runId, $"runner {runner.Name}", ex.Message);
                    }
                }
            }
            catch (GitHubApiException ex)
            {
                failures.Add($"listing runners: {ex.Message}");
                LogTeardownFailed(_logger, runId, "the runners", ex.Message);
            }
        }

        var environments = plan is { Environments.Count: > 0 } ? plan.Environments : _providers.Environments;
        foreach (var environment in environments)
        {
            if (!_providers.TryGet(environment, out var provider))
            {
                failures.Add($"environment '{environment}' of the run is not configured here; run the teardown where it is.");
                continue;
            }

            try
            {
                var tagged = (await provider.ListPairsAsync(cancellationToken).ConfigureAwait(false))
                    .Where(r => OwnershipTags.IsOurs(r.Tags) && r.Tags.GetValueOrDefault(OwnershipTags.Run) == runId)
                    .Select(r => r.Id);
                var planned = plan?.Pairs.Where(p => string.Equals(p.Environment, environment, StringComparison.OrdinalIgnoreCase)).Select(p => p.Id) ?? [];
                foreach (var id in tagged.Union(planned, StringComparer.Ordinal).ToList())
                {
                    try
                    {
                        await provider.DeletePairAsync(id, cancellationToken).ConfigureAwait(false);
                        deleted.Add($"{environment}/{id}");
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        failures.Add($"pair {environment}/{id}: {ex.Message}");
                        LogTeardownFailed(_logger, runId, $"pair {environment}/{id}", ex.Message);
                    }
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"listing {environment}: {ex.Message}");
                LogTeardownFailed(_logger, runId, $"the pairs of {environment}", ex.Message);
            }
        }

        var planRemoved = failures.Count == 0 && _store.Delete(runId);
        return new RunTeardownReport { RunId = runId, RunnersRemoved = runners, PairsDeleted = deleted, PlanRemoved = planRemoved, Failures = failures };
    }
}
