using Netperf.Core.Hosting.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Pool.Internal;

namespace Netperf.Core.Pool;

public sealed partial class PairPool
{
    /// <summary>
    /// Runs every job on a leased pair, concurrently, renewing each lease while its work runs. When
    /// the work throws <see cref="PairFaultException"/> or the lease is lost, the pair is deleted and
    /// the job runs again on a healthy pair of an interchangeable spec, up to
    /// <see cref="PairPoolOptions.MaxJobAttempts"/> pairs. Any other exception fails the job and leaves
    /// the pair healthy for other jobs.
    /// </summary>
    /// <param name="jobs">The jobs.</param>
    /// <param name="work">The job's work on its pair; its token is cancelled when the lease is lost or the run is cancelled.</param>
    /// <param name="cancellationToken">Cancels the run (dispose the pool afterwards to delete its pairs).</param>
    /// <returns>One outcome per job, in the order given.</returns>
    public async Task<IReadOnlyList<PoolJobOutcome>> RunAsync(
        IEnumerable<PoolJob> jobs,
        Func<PairLease, CancellationToken, Task> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(work);
        var list = jobs.ToList();
        foreach (var job in list)
        {
            _ = _providers.Get(job.Spec.Environment);
        }

        return await Task.WhenAll(list.Select(job => RunJobAsync(job, work, cancellationToken))).ConfigureAwait(false);
    }

    private async Task<PoolJobOutcome> RunJobAsync(PoolJob job, Func<PairLease, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var attempts = new List<PoolJobAttempt>();
        while (attempts.Count < _options.MaxJobAttempts)
        {
            PairLease lease;
            try
            {
                lease = await AcquireAsync(job, cancellationToken).ConfigureAwait(false);
            }
            catch (PairProvisioningException ex)
            {
                return new PoolJobOutcome { Job = job, Succeeded = false, Attempts = attempts, Error = ex };
            }

            await using (lease.ConfigureAwait(false))
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lease.LeaseLost);
                using var heartbeat = KeepRenewed(lease);
                Exception? fault;
                try
                {
                    await work(lease, linked.Token).ConfigureAwait(false);
                    attempts.Add(new PoolJobAttempt(lease.Pair.Id, true, null));
                    return new PoolJobOutcome { Job = job, Succeeded = true, Attempts = attempts };
                }
                catch (PairFaultException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    fault = ex;
                }
                catch (OperationCanceledException ex) when (lease.LeaseLost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    fault = new PairFaultException($"the lease on pair {lease.Pair.Id} was lost", ex);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    attempts.Add(new PoolJobAttempt(lease.Pair.Id, false, ex));
                    PoolLog.JobFailed(_logger, job.Id, lease.Pair.Id, ex);
                    return new PoolJobOutcome { Job = job, Succeeded = false, Attempts = attempts, Error = ex };
                }

                attempts.Add(new PoolJobAttempt(lease.Pair.Id, false, fault));
                lease.ReportPairFailure(fault.Message);
                if (attempts.Count < _options.MaxJobAttempts)
                {
                    PoolLog.JobReassigned(_logger, job.Id, lease.Pair.Id, fault.Message, job.Spec, attempts.Count + 1, _options.MaxJobAttempts);
                    CoreDiagnostics.JobsReassigned.Add(1);
                }
            }
        }

        return new PoolJobOutcome
        {
            Job = job,
            Succeeded = false,
            Attempts = attempts,
            Error = new PairProvisioningException(
                "run",
                $"Job {job.Id} lost {attempts.Count} pairs of {job.Spec} in a row; check the pairs' health, or raise {PairPoolOptions.SectionName}:MaxJobAttempts."),
        };
    }
}
