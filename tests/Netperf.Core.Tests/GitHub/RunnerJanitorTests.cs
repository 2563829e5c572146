using Netperf.Core.GitHub;
using Netperf.Testing.GitHub;

namespace Netperf.Core.Tests.GitHub;

public sealed class RunnerJanitorTests
{
    [Fact]
    public async Task PruneAsync_MixedRuns_RemovesExactlyTheIdleRunnersOfEndedRuns()
    {
        var lab = new ListedPairsProvider("lab", "p-live-1", "p-live-2");
        await using var host = await GitHubTestHost.StartAsync(providers: [lab]);
        var gh = host.Server;
        gh.SetWorkflowRun(10, 1, "in_progress");
        gh.SetWorkflowRun(11, 1, "completed");
        gh.SetWorkflowRun(12, 1, "completed");
        gh.SetWorkflowRun(12, 2, "queued");

        var live1 = gh.AddRunner("np-p-live-1-client", Labels("p-live-1", "10-1"), online: true);
        var live2 = gh.AddRunner("np-p-live-2-client", Labels("p-live-2", "10-1"), online: false);
        var liveGonePair = gh.AddRunner("np-p-x-client", Labels("p-x", "10-1"), online: false);
        var ended1 = gh.AddRunner("np-p-e1-client", Labels("p-e1", "11-1"), online: false);
        var ended2 = gh.AddRunner("np-p-e2-client", Labels("p-e2", "11-1"), online: true);
        var endedBusy = gh.AddRunner("np-p-e3-client", Labels("p-e3", "11-1"), online: true, busy: true);
        var oldAttempt = gh.AddRunner("np-p-r1-client", Labels("p-r1", "12-1"), online: false);
        var newAttempt = gh.AddRunner("np-p-r2-client", Labels("p-r2", "12-2"), online: false);
        var foreign = gh.AddRunner("build-box", ["gpu"], online: false);

        var report = await host.Janitor.PruneAsync();

        Assert.Equal(
            new[] { ended1.Id, ended2.Id, oldAttempt.Id }.Order(),
            report.Removed.Select(r => r.Id).Order());
        var left = gh.Runners.Select(r => r.Id).ToHashSet();
        Assert.Superset(new HashSet<long> { live1.Id, live2.Id, liveGonePair.Id, endedBusy.Id, newAttempt.Id, foreign.Id }, left);
        Assert.Equal(6, left.Count);
        Assert.DoesNotContain(report.Decisions, d => d.Runner.Id == foreign.Id);
        Assert.Contains(report.Decisions, d => d.Runner.Id == endedBusy.Id && d.Reason.Contains("busy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PruneAsync_RunUnknown_RemovesOfflineRunnersWhosePairIsGone()
    {
        var azure = new ListedPairsProvider("azure", "p-here");
        await using var host = await GitHubTestHost.StartAsync(providers: [azure]);
        var gh = host.Server;
        var gone = gh.AddRunner("np-gone-client", ["netperf", "env-azure", "pair-p-gone"], online: false);
        var goneOnline = gh.AddRunner("np-gone2-client", ["netperf", "env-azure", "pair-p-gone2"], online: true);
        var here = gh.AddRunner("np-here-client", ["netperf", "env-azure", "pair-p-here"], online: false);
        var otherEnv = gh.AddRunner("np-lab-client", ["netperf", "env-lab", "pair-p-gone"], online: false);

        var report = await host.Janitor.PruneAsync();

        Assert.Equal([gone.Id], report.Removed.Select(r => r.Id));
        Assert.Equal(new[] { goneOnline.Id, here.Id, otherEnv.Id }.Order(), gh.Runners.Select(r => r.Id).Order());
        Assert.Equal(1, azure.ListCalls);
    }

    [Fact]
    public async Task PruneAsync_DryRun_ReportsButDeletesNothing()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(11, 1, "completed");
        var ended = host.Server.AddRunner("np-e-client", Labels("e", "11-1"), online: false);

        var report = await host.Janitor.PruneAsync(dryRun: true);

        Assert.True(report.DryRun);
        Assert.Equal(RunnerPruneAction.WouldDelete, Assert.Single(report.Decisions).Action);
        Assert.Equal([ended.Id], host.Server.Runners.Select(r => r.Id));
        Assert.DoesNotContain(host.Server.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task PruneAsync_RunnerTakesJobBeforeDelete_KeptNotFailed()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(11, 1, "completed");
        var runner = host.Server.AddRunner("np-e-client", Labels("e", "11-1"), online: true);
        host.Server.AddFault(new FakeGitHubFault { Method = "DELETE", Status = 422, Message = "Runner is still running a job" });

        var report = await host.Janitor.PruneAsync();

        Assert.Equal(RunnerPruneAction.Kept, Assert.Single(report.Decisions).Action);
        Assert.Single(host.Server.Runners, r => r.Id == runner.Id);
    }

    [Fact]
    public async Task RemoveRunAsync_LiveRunCleanup_RemovesItsIdleRunnersOnly()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(20, 1, "in_progress");
        var idle = host.Server.AddRunner("np-a-client", Labels("a", "20-1"), online: true);
        var busy = host.Server.AddRunner("np-b-client", Labels("b", "20-1"), online: true, busy: true);
        var otherRun = host.Server.AddRunner("np-c-client", Labels("c", "21-1"), online: false);

        var report = await host.Janitor.RemoveRunAsync("20-1");

        Assert.Equal([idle.Id], report.Removed.Select(r => r.Id));
        Assert.Equal(new[] { busy.Id, otherRun.Id }.Order(), host.Server.Runners.Select(r => r.Id).Order());
    }

    private static string[] Labels(string pair, string run) =>
        ["netperf", "os-ubuntu-24.04", "env-lab", "x64", $"pair-{pair}", $"run-{run}"];
}
