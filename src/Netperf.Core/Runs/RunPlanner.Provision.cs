using Microsoft.Extensions.Options;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Remoting;
using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Runs;

/// <content>Provisioning a run: pairs through the pool, one runner per job, the plan file.</content>
public sealed partial class RunPlanner
{
    /// <summary>
    /// Provisions a run: refuses impossible rows and a run id in use before anything is made, writes the plan file,
    /// makes the pairs through a <see cref="PairPool"/>, reassigns the jobs of failed pairs to healthy pairs of the same
    /// spec, and (with <paramref name="runners"/>) registers one ephemeral runner per job on its pair's client through
    /// the pair's session. When anything fails, what was made is removed (as by <see cref="TeardownAsync"/>) before the
    /// exception leaves.
    /// </summary>
    /// <param name="request">The run.</param>
    /// <param name="runners">Installs the runners, or <see langword="null"/> for pairs only.</param>
    /// <param name="registry">The registry of <paramref name="runners"/>, to remove the run's runners after a failure.</param>
    /// <param name="cancellationToken">Cancels provisioning; what was made is removed.</param>
    /// <returns>The plan, also written to its file.</returns>
    /// <exception cref="RunPlanException">The request cannot be planned; nothing was created.</exception>
    /// <exception cref="PairProvisioningException">A job got no pair; nothing was left behind.</exception>
    public async Task<RunPlan> ProvisionAsync(RunRequest request, RunnerInstaller? runners = null, IRunnerRegistry? registry = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        await CheckRunIsNewAsync(request, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var plan = new RunPlan
        {
            RunId = request.RunId,
            Owner = request.Owner,
            CreatedAt = now,
            ExpiresAt = now + request.TimeToLive,
            Environments = EnvironmentsOf(request.Matrix),
            Jobs = request.Matrix.Jobs.Select(ToPlanJob).ToList(),
        };
        await _store.CreateAsync(plan, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<ProvisionedPair> pairs = [];
        try
        {
            (var jobs, pairs) = await ProvisionPairsAsync(request, plan.Jobs, cancellationToken).ConfigureAwait(false);
            plan = plan with { Jobs = jobs, Pairs = pairs.Select(ToPlanPair).ToList() };
            await _store.SaveAsync(plan, CancellationToken.None).ConfigureAwait(false);
            if (runners is not null)
            {
                plan = plan with { Jobs = await InstallRunnersAsync(plan, pairs, runners, cancellationToken).ConfigureAwait(false) };
            }

            plan = plan with { State = RunPlanState.Ready };
            await _store.SaveAsync(plan, CancellationToken.None).ConfigureAwait(false);
            return plan;
        }
        catch (Exception ex)
        {
            LogProvisionFailed(_logger, request.RunId, ex.Message);
            await _store.SaveAsync(plan with { State = RunPlanState.Failed, Failure = ex.Message }, CancellationToken.None).ConfigureAwait(false);
            await CloseAsync(pairs).ConfigureAwait(false);
            pairs = [];
            var report = await TeardownAsync(request.RunId, registry, CancellationToken.None).ConfigureAwait(false);
            if (!report.Succeeded)
            {
                throw new PairProvisioningException(
                    "provision", $"Provisioning run {request.RunId} failed ({ex.Message}), and removing what it made failed too: {string.Join("; ", report.Failures)}", ex);
            }

            throw;
        }
        finally
        {
            await CloseAsync(pairs).ConfigureAwait(false);
        }
    }

    private async Task<(List<RunPlanJob> Jobs, IReadOnlyList<ProvisionedPair> Pairs)> ProvisionPairsAsync(
        RunRequest request, IReadOnlyList<RunPlanJob> planned, CancellationToken cancellationToken)
    {
        var pool = new PairPool(
            _provisioner, Options.Create(PoolOptionsFor(request, _options.JobsPerPair, _options.ProvisioningAttempts)), _time, _loggerFactory);
        await using (pool.ConfigureAwait(false))
        {
            var granted = await Task.WhenAll(request.Matrix.Jobs.Select(async entry =>
            {
                var job = new PoolJob { Id = entry.Id, Spec = entry.ToMachineSpec(), Requirements = request.Requirements };
                try
                {
                    return (Job: job, Lease: (PairLease?)await pool.AcquireAsync(job, cancellationToken).ConfigureAwait(false), Error: (Exception?)null);
                }
                catch (PairProvisioningException ex)
                {
                    return (Job: job, Lease: (PairLease?)null, Error: (Exception?)ex);
                }
            })).ConfigureAwait(false);

            var pairs = pool.DetachPairs().ToList();
            var load = pairs.ToDictionary(p => p.Pair.Id, _ => 0, StringComparer.Ordinal);
            foreach (var (_, lease, _) in granted)
            {
                if (lease is not null)
                {
                    load[lease.Pair.Id]++;
                }
            }

            var jobs = new List<RunPlanJob>();
            foreach (var ((job, lease, error), plan) in granted.Zip(planned))
            {
                if (lease is not null)
                {
                    jobs.Add(plan with { PairId = lease.Pair.Id, FailedPairs = lease.FailedPairs, Reassigned = lease.FailedPairs.Count > 0 });
                    LogAssigned(_logger, request.RunId, job.Id, lease.Pair.Id, lease.FailedPairs.Count > 0 ? $" (reassigned: {string.Join(", ", lease.FailedPairs)} failed)" : string.Empty);
                    continue;
                }

                // The pool gave up on making a pair for this job: it goes to the least-loaded healthy pair of its spec.
                var healthy = pairs.Where(p => p.Pair.Spec.IsInterchangeableWith(job.Spec)).OrderBy(p => load[p.Pair.Id]).FirstOrDefault();
                if (healthy is null)
                {
                    foreach (var unused in pairs)
                    {
                        await _providers.Get(unused.Pair.Spec.Environment).DeletePairAsync(unused.Pair.Id, CancellationToken.None).ConfigureAwait(false);
                    }

                    throw new PairProvisioningException("provision", $"Job {job.Id} got no pair, and no healthy pair of {job.Spec} is left to take it: {error?.Message}", error);
                }

                load[healthy.Pair.Id]++;
                jobs.Add(plan with { PairId = healthy.Pair.Id, Reassigned = true });
                LogAssigned(_logger, request.RunId, job.Id, healthy.Pair.Id, " (reassigned: no pair of its own could be made)");
            }

            // A pair made for a job that took another pair meanwhile serves nobody.
            foreach (var unused in pairs.Where(p => load[p.Pair.Id] == 0).ToList())
            {
                await unused.Pair.Client.Shell.DisposeAsync().ConfigureAwait(false);
                await unused.Pair.Peer.Shell.DisposeAsync().ConfigureAwait(false);
                await _providers.Get(unused.Pair.Spec.Environment).DeletePairAsync(unused.Pair.Id, CancellationToken.None).ConfigureAwait(false);
                pairs.Remove(unused);
            }

            return (jobs, pairs);
        }
    }

    private async Task<IReadOnlyList<RunPlanJob>> InstallRunnersAsync(RunPlan plan, IReadOnlyList<ProvisionedPair> pairs, RunnerInstaller installer, CancellationToken cancellationToken)
    {
        var jobs = plan.Jobs.ToArray();
        var byPair = pairs.ToDictionary(p => p.Pair.Id, StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(_poolOptions.MaxParallelProvisioning);
        await Task.WhenAll(jobs.Select((job, index) => (job, index)).GroupBy(j => j.job.PairId!).Select(async group =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var pair = byPair[group.Key].Pair;
                foreach (var (job, index) in group)
                {
                    // One runner per job: its own name and job label, so exactly this job's row reaches it.
                    var name = $"{RunnerLabels.Normalize(pair.Id)}-j{index + 1}";
                    var labels = RunnerLabels.ForPair(pair.Id, pair.Spec, plan.RunId, job.Io).Append($"job-{index + 1}").ToList();
                    // The job's environment (.env: the peer's alias, its key, the pair, job and run ids), on either OS.
                    var folder = installer.InstallDirectoryOf(pair.Client.OsFamily, name);
                    var prepared = await pair.Client.Shell.RunAsync(
                        new RemoteCommand
                        {
                            Text = pair.Client.OsFamily == OsFamily.Windows
                                ? JobEnvironment.PrepareRunnerFolderPowerShell(pair.Id, job.Id, plan.RunId, folder)
                                : JobEnvironment.PrepareRunnerFolder(pair.Id, job.Id, plan.RunId, folder),
                            Timeout = TimeSpan.FromMinutes(2),
                            DisplayName = $"give runner {name} the pair's peer",
                        },
                        cancellationToken).ConfigureAwait(false);
                    if (!prepared.Succeeded)
                    {
                        throw new RunnerInstallException($"Giving runner {name} on {pair.Client.Name} the pair's peer failed (exit {prepared.ExitCode}): {prepared.StandardError.Trim()}");
                    }

                    var registration = await installer.InstallAsync(pair.Client, name, labels, pair.Spec.Architecture, cancellationToken).ConfigureAwait(false);
                    jobs[index] = job with { RunnerName = registration.Name, RunnerId = registration.RunnerId, InstallDirectory = registration.InstallDirectory, RunsOn = labels };
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return jobs;
    }

    private static RunPlanJob ToPlanJob(MatrixEntry entry) => new()
    {
        Id = entry.Id,
        Os = entry.Os,
        Environment = entry.Environment,
        Architecture = entry.Architecture,
        Io = entry.Io,
        Tls = entry.Tls,
        Optional = entry.Optional,
    };

    private static RunPlanPair ToPlanPair(ProvisionedPair p) => new()
    {
        Id = p.Pair.Id,
        Environment = p.Pair.Spec.Environment,
        Image = p.Pair.Spec.Image,
        Architecture = p.Pair.Spec.Architecture,
        Size = p.Pair.Spec.Size,
        ClientAddress = p.Pair.Client.Addresses.Count > 0 ? p.Pair.Client.Addresses[0] : null,
        PeerAddress = p.Pair.Peer.Addresses.Count > 0 ? p.Pair.Peer.Addresses[0] : null,
    };

    private static async Task CloseAsync(IEnumerable<ProvisionedPair> pairs)
    {
        foreach (var pair in pairs)
        {
            await pair.Pair.Client.Shell.DisposeAsync().ConfigureAwait(false);
            await pair.Pair.Peer.Shell.DisposeAsync().ConfigureAwait(false);
        }
    }
}
