using System.Runtime.ExceptionServices;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Runs;

/// <content>Installing a job's runner on its pair's client, and running installations together until the first failure.</content>
public sealed partial class RunPlanner
{
    /// <summary>
    /// Installs job <paramref name="index"/>'s runner on its pair's client and records it in <paramref name="jobs"/>; the
    /// runner folder is recorded before anything is made there, so a failure from then on leaves it to the teardown.
    /// </summary>
    private static async Task InstallRunnerAsync(string runId, VmPair pair, RunPlanJob[] jobs, int index, RunnerInstaller installer, CancellationToken cancellationToken)
    {
        var job = jobs[index];

        // One runner per job: its own name and job label, so exactly this job's row reaches it.
        var name = $"{RunnerLabels.Normalize(pair.Id)}-j{index + 1}";
        var labels = RunnerLabels.ForPair(pair.Id, pair.Spec, runId, job.Io).Append($"job-{index + 1}").ToList();

        // The job's environment (.env: the peer's alias, its key, the pair, job and run ids), on either OS.
        var folder = installer.InstallDirectoryOf(pair.Client.OsFamily, name);
        jobs[index] = job with { InstallDirectory = folder };
        var prepared = await pair.Client.Shell.RunAsync(
            new RemoteCommand
            {
                Text = pair.Client.OsFamily == OsFamily.Windows
                    ? JobEnvironment.PrepareRunnerFolderPowerShell(pair.Id, job.Id, runId, folder)
                    : JobEnvironment.PrepareRunnerFolder(pair.Id, job.Id, runId, folder),
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

    /// <summary>
    /// Runs <paramref name="work"/> together. The first item to fail cancels the others (through the token each gets),
    /// and its exception is the one that leaves, once every item has ended: nothing keeps running behind a failure.
    /// </summary>
    private static async Task AllOrFirstFailureAsync(IEnumerable<Func<CancellationToken, Task>> work, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? first = null;
        async Task RunAsync(Func<CancellationToken, Task> item)
        {
            try
            {
                await item(stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                Interlocked.CompareExchange(ref first, ex, null);
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }

        try
        {
            await Task.WhenAll(work.Select(RunAsync).ToList()).ConfigureAwait(false);
        }
        catch when (first is not null)
        {
            ExceptionDispatchInfo.Throw(first);
            throw;
        }
    }
}
