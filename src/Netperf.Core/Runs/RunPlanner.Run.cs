using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Remoting;
using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Runs;

/// <content>A run without GitHub: each job's command on its pair's client, then everything removed.</content>
public sealed partial class RunPlanner
{
    /// <summary>
    /// Runs a run without GitHub: refuses impossible rows and a run id in use before anything is made, runs
    /// <paramref name="command"/> (POSIX sh; PowerShell on a Windows client) for every job on its pair's client through a <see cref="PairPool"/>, and
    /// removes every pair and the plan at the end, also on failure or cancellation. The command sees
    /// <c>NETPERF_PEER_SSH_CONFIG</c> (<c>ssh -F "$NETPERF_PEER_SSH_CONFIG" netperf-peer ...</c> reaches the peer),
    /// <c>NETPERF_PEER_HOST</c>, <c>NETPERF_PAIR_ID</c>, <c>NETPERF_JOB_ID</c> and <c>NETPERF_RUN_ID</c>. When the
    /// client's session itself fails (exit code 255 from a remote session) the pair is deleted and the job runs again on a
    /// healthy pair of its spec; any other exit code is the job's result.
    /// </summary>
    /// <param name="request">The run.</param>
    /// <param name="command">The command for the client's shell.</param>
    /// <param name="jobTimeout">How long one job's command may run.</param>
    /// <param name="onOutput">Gets each line the commands print (job id, line), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the run; everything made is removed.</param>
    /// <returns>One result per job, in matrix order.</returns>
    /// <exception cref="RunPlanException">The request cannot be planned; nothing was created.</exception>
    public async Task<IReadOnlyList<RunJobResult>> RunAsync(
        RunRequest request, string command, TimeSpan jobTimeout, Action<string, string>? onOutput = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        await CheckRunIsNewAsync(request, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        await _store.CreateAsync(
            new RunPlan
            {
                RunId = request.RunId,
                Owner = request.Owner,
                CreatedAt = now,
                ExpiresAt = now + request.TimeToLive,
                Environments = EnvironmentsOf(request.Matrix),
                Jobs = request.Matrix.Jobs.Select(ToPlanJob).ToList(),
            },
            cancellationToken).ConfigureAwait(false);
        var ran = new ConcurrentDictionary<string, (string PairId, int ExitCode, bool Reassigned)>(StringComparer.Ordinal);
        try
        {
            var pool = new PairPool(_provisioner, Options.Create(PoolOptionsFor(request, 1, _options.ProvisioningAttempts)), _time, _loggerFactory);
            IReadOnlyList<PoolJobOutcome> outcomes;
            await using (pool.ConfigureAwait(false))
            {
                var jobs = request.Matrix.Jobs.Select(e => new PoolJob { Id = e.Id, Spec = e.ToMachineSpec(), Requirements = request.Requirements }).ToList();
                outcomes = await pool.RunAsync(jobs, async (lease, token) =>
                {
                    var id = lease.Job.Id;
                    var result = await lease.Pair.Client.Shell.RunAsync(
                        new RemoteCommand
                        {
                            Text = (lease.Pair.Client.OsFamily == OsFamily.Windows
                                ? JobEnvironment.PowerShellExports(lease.Pair.Id, id, request.RunId)
                                : JobEnvironment.Exports(lease.Pair.Id, id, request.RunId)) + command,
                            Timeout = jobTimeout,
                            DisplayName = $"job {id}",
                            OnOutputLine = line => onOutput?.Invoke(id, line),
                            OnErrorLine = line => onOutput?.Invoke(id, line),
                        },
                        token).ConfigureAwait(false);
                    var earlier = ran.TryGetValue(id, out var before) && before.PairId != lease.Pair.Id;
                    ran[id] = (lease.Pair.Id, result.ExitCode, earlier || lease.FailedPairs.Count > 0 || (before.Reassigned && before.PairId is not null));
                    if (result.ExitCode == 255 && lease.Pair.Client.Shell is not LocalProcessShell)
                    {
                        throw new PairFaultException($"the session to {lease.Pair.Client.Name} failed (exit 255): {result.StandardError.Trim()}");
                    }
                }, cancellationToken).ConfigureAwait(false);
            }

            return request.Matrix.Jobs.Zip(outcomes).Select(x =>
            {
                var (entry, outcome) = x;
                var had = ran.TryGetValue(entry.Id, out var r);
                return new RunJobResult
                {
                    JobId = entry.Id,
                    PairId = had ? r.PairId : outcome.Attempts.Count > 0 ? outcome.Attempts[^1].PairId : null,
                    Image = entry.Os,
                    Environment = entry.Environment,
                    Reassigned = outcome.Attempts.Count > 1 || (had && r.Reassigned),
                    ExitCode = had ? r.ExitCode : -1,
                    Error = outcome.Succeeded ? null : outcome.Error?.Message,
                };
            }).ToList();
        }
        finally
        {
            // The pool deleted its pairs; this finds any it could not, and removes the plan.
            await TeardownAsync(request.RunId, registry: null, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
