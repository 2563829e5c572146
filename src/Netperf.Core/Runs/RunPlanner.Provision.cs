using Microsoft.Extensions.Options;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Runs;

/// <content>Provisioning a run: pairs through the pool, one runner per job as soon as its pair is leased, the plan file.</content>
public sealed partial class RunPlanner
{
    /// <summary>
    /// Provisions a run: refuses impossible rows and a run id in use before anything is made, writes the plan file,
    /// makes the pairs through a <see cref="PairPool"/>, and (with <paramref name="runners"/>) registers one ephemeral
    /// runner per job on its pair's client through the pair's session. A job's runner is installed as soon as the pool
    /// leases the job a pair, while other jobs still wait for theirs (one installation at a time per pair, at most
    /// <see cref="PairPoolOptions.MaxParallelProvisioning"/> at once). Then the jobs of failed pairs go to healthy pairs
    /// of the same spec and get their runners. When anything fails, what was made is removed (as by
    /// <see cref="TeardownAsync"/>) before the exception leaves.
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

        // What is made, as it is made: each job's pair and runner folder, the pairs the pool handed over. The plan written
        // after a failure carries them, so the teardown finds every runner folder on this machine as well as the pairs.
        var jobs = plan.Jobs.ToArray();
        var pairs = new List<ProvisionedPair>();
        try
        {
            using var installs = runners is null ? null : new RunnerInstallQueue(Math.Max(1, _poolOptions.MaxParallelProvisioning));
            await ProvisionPairsAsync(request, jobs, pairs, runners, installs, cancellationToken).ConfigureAwait(false);
            plan = plan with { Jobs = [.. jobs], Pairs = pairs.Select(ToPlanPair).ToList() };
            await _store.SaveAsync(plan, CancellationToken.None).ConfigureAwait(false);
            if (runners is not null)
            {
                // The jobs the pool found no pair for: theirs is decided only now.
                var byPair = pairs.ToDictionary(p => p.Pair.Id, p => p.Pair, StringComparer.Ordinal);
                await AllOrFirstFailureAsync(
                    jobs.Select((job, index) => (job, index)).Where(j => j.job.RunnerName is null).Select(j => (Func<CancellationToken, Task>)(token =>
                        installs!.RunAsync(j.job.PairId!, t => InstallRunnerAsync(request.RunId, byPair[j.job.PairId!], jobs, j.index, runners, t), token))),
                    cancellationToken).ConfigureAwait(false);
                plan = plan with { Jobs = [.. jobs] };
            }

            plan = plan with { State = RunPlanState.Ready };
            await _store.SaveAsync(plan, CancellationToken.None).ConfigureAwait(false);
            return plan;
        }
        catch (Exception ex)
        {
            LogProvisionFailed(_logger, request.RunId, ex.Message);
            await _store.SaveAsync(
                plan with { Jobs = [.. jobs], Pairs = pairs.Select(ToPlanPair).ToList(), State = RunPlanState.Failed, Failure = ex.Message },
                CancellationToken.None).ConfigureAwait(false);
            await CloseAsync(pairs).ConfigureAwait(false);
            pairs.Clear();
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

    /// <summary>
    /// Leases a pair to every job through a pool and, with <paramref name="runners"/>, installs each job's runner as soon
    /// as its lease is granted; then hands the pool's pairs over to <paramref name="pairs"/>, sends the jobs the pool found
    /// no pair for to the least-loaded healthy pair of their spec (their runners are the caller's), and deletes the pairs
    /// nobody got. <paramref name="jobs"/> follows along. The first failure stops the rest; the pool's pairs are handed
    /// over then too, for the caller's teardown to remove after the runners and their folders.
    /// </summary>
    private async Task ProvisionPairsAsync(
        RunRequest request, RunPlanJob[] jobs, List<ProvisionedPair> pairs, RunnerInstaller? runners, RunnerInstallQueue? installs, CancellationToken cancellationToken)
    {
        var pool = new PairPool(
            _provisioner, Options.Create(PoolOptionsFor(request, _options.JobsPerPair, _options.ProvisioningAttempts)), _time, _loggerFactory);
        await using (pool.ConfigureAwait(false))
        {
            var entries = request.Matrix.Jobs;
            var leases = new PairLease?[entries.Count];
            var errors = new Exception?[entries.Count];
            var heartbeats = new List<ITimer>();
            try
            {
                await AllOrFirstFailureAsync(entries.Select((entry, index) => (Func<CancellationToken, Task>)(async token =>
                {
                    var job = new PoolJob { Id = entry.Id, Spec = entry.ToMachineSpec(), Requirements = request.Requirements };
                    PairLease lease;
                    try
                    {
                        lease = await pool.AcquireAsync(job, token).ConfigureAwait(false);
                    }
                    catch (PairProvisioningException ex)
                    {
                        errors[index] = ex;
                        return;
                    }

                    // The lease holds the pair for the job until the pool hands its pairs over, after every other job's
                    // lease and runner: renewed meanwhile, or a slow run would see the pool take the pair back.
                    lock (heartbeats)
                    {
                        heartbeats.Add(pool.KeepRenewed(lease));
                    }

                    leases[index] = lease;
                    jobs[index] = jobs[index] with { PairId = lease.Pair.Id, FailedPairs = lease.FailedPairs, Reassigned = lease.FailedPairs.Count > 0 };
                    LogAssigned(_logger, request.RunId, job.Id, lease.Pair.Id, lease.FailedPairs.Count > 0 ? $" (reassigned: {string.Join(", ", lease.FailedPairs)} failed)" : string.Empty);
                    if (runners is not null)
                    {
                        await installs!.RunAsync(lease.Pair.Id, t => InstallRunnerAsync(request.RunId, lease.Pair, jobs, index, runners, t), token).ConfigureAwait(false);
                    }
                })), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                pairs.AddRange(pool.DetachPairs());
                throw;
            }
            finally
            {
                foreach (var heartbeat in heartbeats)
                {
                    heartbeat.Dispose();
                }
            }

            pairs.AddRange(pool.DetachPairs());
            var load = pairs.ToDictionary(p => p.Pair.Id, _ => 0, StringComparer.Ordinal);
            foreach (var lease in leases.OfType<PairLease>())
            {
                if (!load.TryGetValue(lease.Pair.Id, out var count))
                {
                    throw new PairProvisioningException(
                        "provision", $"Job {lease.Job.Id} lost pair {lease.Pair.Id} before the run's pairs were handed over: the pool took it back (its lease ran out or the pair failed).");
                }

                load[lease.Pair.Id] = count + 1;
            }

            for (var index = 0; index < entries.Count; index++)
            {
                if (leases[index] is not null)
                {
                    continue;
                }

                // The pool gave up on making a pair for this job: it goes to the least-loaded healthy pair of its spec.
                var spec = entries[index].ToMachineSpec();
                var healthy = pairs.Where(p => p.Pair.Spec.IsInterchangeableWith(spec)).OrderBy(p => load[p.Pair.Id]).FirstOrDefault();
                if (healthy is null)
                {
                    throw new PairProvisioningException("provision", $"Job {entries[index].Id} got no pair, and no healthy pair of {spec} is left to take it: {errors[index]?.Message}", errors[index]);
                }

                load[healthy.Pair.Id]++;
                jobs[index] = jobs[index] with { PairId = healthy.Pair.Id, Reassigned = true };
                LogAssigned(_logger, request.RunId, entries[index].Id, healthy.Pair.Id, " (reassigned: no pair of its own could be made)");
            }

            // A pair made for a job that took another pair meanwhile serves nobody (and got no runner: runners go only to
            // leased pairs).
            foreach (var unused in pairs.Where(p => load[p.Pair.Id] == 0).ToList())
            {
                await unused.Pair.Client.Shell.DisposeAsync().ConfigureAwait(false);
                await unused.Pair.Peer.Shell.DisposeAsync().ConfigureAwait(false);
                await _providers.Get(unused.Pair.Spec.Environment).DeletePairAsync(unused.Pair.Id, CancellationToken.None).ConfigureAwait(false);
                pairs.Remove(unused);
            }
        }
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
