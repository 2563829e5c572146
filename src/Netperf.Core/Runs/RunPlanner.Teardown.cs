using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Runs;

/// <content>Removing a run: its runners, its pairs, its plan.</content>
public sealed partial class RunPlanner
{
    /// <summary>
    /// Removes a run: every runner labelled with the run (or named in its plan), every pair tagged with the run in the
    /// plan's environments (every environment here when there is no plan), the runner folders of the plan's jobs that are
    /// on this machine (a <c>local</c> pair's client is this machine: deleting the pair leaves them; their processes are
    /// stopped first), and the plan file. Idempotent: safe twice,
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

        var folders = await RemoveRunnerFoldersAsync(
            plan?.Jobs.Where(j => j.InstallDirectory is not null && j.PairId is not null).Select(j => (j.InstallDirectory!, runId, j.PairId!)).ToList() ?? [],
            failures,
            cancellationToken).ConfigureAwait(false);
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
                // The pairs go at once (bounded like their provisioning): a run's teardown takes about one pair's deletion.
                var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _poolOptions.MaxParallelProvisioning), CancellationToken = cancellationToken };
                await Parallel.ForEachAsync(tagged.Union(planned, StringComparer.Ordinal).ToList(), parallel, async (id, token) =>
                {
                    try
                    {
                        await provider.DeletePairAsync(id, token).ConfigureAwait(false);
                        lock (deleted)
                        {
                            deleted.Add($"{environment}/{id}");
                        }
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        lock (deleted)
                        {
                            failures.Add($"pair {environment}/{id}: {ex.Message}");
                        }

                        LogTeardownFailed(_logger, runId, $"pair {environment}/{id}", ex.Message);
                    }
                }).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failures.Add($"listing {environment}: {ex.Message}");
                LogTeardownFailed(_logger, runId, $"the pairs of {environment}", ex.Message);
            }
        }

        var planRemoved = failures.Count == 0 && _store.Delete(runId);
        return new RunTeardownReport { RunId = runId, RunnersRemoved = runners, PairsDeleted = deleted, RunnerFoldersRemoved = folders, PlanRemoved = planRemoved, Failures = failures };
    }

    /// <summary>
    /// Finds the runner folders a killed orchestrator left on this machine: folders under <paramref name="installRoot"/>
    /// whose <c>.env</c> names a run and a pair (as a run's runner installation writes it) and whose pair no environment
    /// here lists any more. Those are removed (their processes stopped first), unless <paramref name="dryRun"/>. When
    /// any environment cannot be listed nothing is judged stale: a folder whose pair may exist is kept.
    /// </summary>
    /// <param name="installRoot">Where runners are installed on this machine (<see cref="RunnerInstallOptions.LinuxInstallRoot"/>).</param>
    /// <param name="dryRun">Report without removing.</param>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The stale folders (removed unless <paramref name="dryRun"/>).</returns>
    public async Task<IReadOnlyList<string>> SweepRunnerFoldersAsync(string installRoot, bool dryRun = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installRoot);
        if (OperatingSystem.IsWindows() || !Directory.Exists(installRoot))
        {
            return [];
        }

        var shell = new LocalProcessShell(timeProvider: _time);
        var listed = await shell.RunAsync(
            new RemoteCommand { Text = RunnerFolders.List(installRoot), Timeout = TimeSpan.FromMinutes(1), DisplayName = "list runner folders" },
            cancellationToken).ConfigureAwait(false);
        var found = RunnerFolders.ParseList(listed.StandardOutput).Where(f => f.RunId is not null && f.PairId is not null).ToList();
        if (!listed.Succeeded || found.Count == 0)
        {
            return [];
        }

        var pairs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var environment in _providers.Environments)
        {
            try
            {
                pairs.UnionWith((await _providers.Get(environment).ListPairsAsync(cancellationToken).ConfigureAwait(false)).Select(r => r.Id));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogTeardownFailed(_logger, "(janitor)", $"runner folders (listing {environment} failed, every folder is kept)", ex.Message);
                return [];
            }
        }

        var stale = found.Where(f => !pairs.Contains(f.PairId!)).Select(f => (f.Folder, f.RunId!, f.PairId!)).ToList();
        if (dryRun)
        {
            return stale.Select(f => f.Folder).ToList();
        }

        var failures = new List<string>();
        var removed = await RemoveRunnerFoldersAsync(stale, failures, cancellationToken).ConfigureAwait(false);
        foreach (var failure in failures)
        {
            LogTeardownFailed(_logger, "(janitor)", "runner folders", failure);
        }

        return removed;
    }

    /// <summary>Removes the runner folders that are on this machine and carry the run's and pair's <c>.env</c>; the others are left.</summary>
    private async Task<IReadOnlyList<string>> RemoveRunnerFoldersAsync(
        IReadOnlyList<(string Folder, string RunId, string PairId)> folders, List<string> failures, CancellationToken cancellationToken)
    {
        var here = folders.Where(f => !OperatingSystem.IsWindows() && f.Folder.StartsWith('/') && Directory.Exists(f.Folder)).ToList();
        if (here.Count == 0)
        {
            return [];
        }

        var shell = new LocalProcessShell(timeProvider: _time);
        var result = await shell.RunAsync(
            new RemoteCommand { Text = RunnerFolders.Remove(here), Timeout = TimeSpan.FromMinutes(1), DisplayName = "remove runner folders" },
            cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            failures.Add($"runner folders on this machine ({string.Join(", ", here.Select(f => f.Folder))}): exit {result.ExitCode}: {result.StandardError.Trim()}");
        }

        return KeyValueOutput.All(result.StandardOutput, "removed");
    }
}
