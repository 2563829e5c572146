using Netperf.Core.Janitor;
using Netperf.Core.GitHub;
using Netperf.Testing.GitHub;

namespace Netperf.Core.Tests.GitHub;

public sealed class GitHubRunLivenessCheckTests
{
    private const string Repo = "netperf/netperf";

    [Theory]
    [InlineData("netperf/netperf/4711-2", "netperf/netperf", 4711, 2)]
    [InlineData("octo-org/app.js/9-3", "octo-org/app.js", 9, 3)]
    public void TryParseRunId_RepositoryRunAndAttempt_Parsed(string value, string repository, long run, long attempt)
    {
        Assert.True(GitHubRunLivenessCheck.TryParseRunId(value, out var repo, out var r, out var a));
        Assert.Equal((repository, run, attempt), (repo, r, a));
    }

    [Theory]
    [InlineData("4711-2")]
    [InlineData("run-4711-1")]
    [InlineData("gh-9-3")]
    [InlineData("pool-ab12-20260101-1")]
    [InlineData("cli-20260101-120000")]
    [InlineData("netperf/netperf/4711")]
    [InlineData("netperf/netperf/4711-0")]
    [InlineData("netperf/4711-1")]
    [InlineData("a/b/c/4711-1")]
    [InlineData("")]
    public void TryParseRunId_AnythingThatDoesNotNameItsRepository_Rejected(string value) =>
        Assert.False(GitHubRunLivenessCheck.TryParseRunId(value, out _, out _, out _));

    [Fact]
    public void FormatRunId_FromGitHubContext_RoundTrips()
    {
        var runId = GitHubRunLivenessCheck.FormatRunId("octo/app", 4711, 2);

        Assert.Equal("octo/app/4711-2", runId);
        Assert.Equal("run-4711-2", RunnerLabels.Run(runId));
        Assert.Throws<ArgumentException>(() => GitHubRunLivenessCheck.FormatRunId("not a repo", 1, 1));
    }

    [Fact]
    public async Task CheckAsync_RunStates_AliveEndedAndRerunAttempts()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(100, 1, "in_progress");
        host.Server.SetWorkflowRun(101, 1, "queued");
        host.Server.SetWorkflowRun(102, 1, "completed");
        host.Server.SetWorkflowRun(103, 1, "completed");
        host.Server.SetWorkflowRun(103, 2, "in_progress");

        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/100-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/101-1"));
        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync($"{Repo}/102-1"));
        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync($"{Repo}/103-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/103-2"));
    }

    [Fact]
    public async Task CheckAsync_RunGitHubAnswers404For_IsKeptAsUnknownNotEnded()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(998, 1, "in_progress");
        host.Server.DeleteWorkflowRun(998);

        Assert.Equal(RunLiveness.Unknown, await host.Liveness.CheckAsync($"{Repo}/999-1"));
        Assert.Equal(RunLiveness.Unknown, await host.Liveness.CheckAsync($"{Repo}/998-1"));
        Assert.Contains("404", host.Logs.AllText, StringComparison.Ordinal);
        Assert.Contains("kept", host.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("102-1")]
    [InlineData("pool-20260101-1")]
    [InlineData("build-2026-102-1")]
    public async Task CheckAsync_RunIdWithoutItsRepository_IsKeptAsUnknownEvenIfTheNumbersMatchAnEndedRun(string runId)
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(102, 1, "completed");
        host.Server.SetWorkflowRun(20260101, 1, "completed");

        Assert.Equal(RunLiveness.Unknown, await host.Liveness.CheckAsync(runId));
        Assert.DoesNotContain(host.Server.Journal, r => r.PathAndQuery.Contains("/actions/runs", StringComparison.Ordinal));
        Assert.Contains("does not name a GitHub repository", host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_SameRunNumberInTwoRepositories_EachJudgedByItsOwnRepository()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(500, 1, "completed", repository: "netperf/netperf");
        host.Server.SetWorkflowRun(500, 1, "in_progress", repository: "other-team/perf");

        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync("netperf/netperf/500-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("other-team/perf/500-1"));
    }

    [Fact]
    public async Task CheckAsync_MoreThan100LiveRuns_ListsEveryPageOnceAndAnswersFromTheSnapshot()
    {
        await using var host = await GitHubTestHost.StartAsync();
        for (var id = 1; id <= 230; id++)
        {
            host.Server.SetWorkflowRun(id, 1, "in_progress");
        }

        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/1-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/230-1"));

        var inProgressPages = host.Server.Journal.Where(r => r.PathAndQuery.Contains("status=in_progress", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, inProgressPages.Count);
        Assert.DoesNotContain(host.Server.Journal, r => r.PathAndQuery.Contains("/attempts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_MoreUnfinishedRunsThanGitHubLists_ARunBeyondTheCapIsAskedDirectly()
    {
        await using var host = await GitHubTestHost.StartAsync();
        for (var id = 1; id <= FakeGitHubServer.FilteredRunListCap + 50; id++)
        {
            host.Server.SetWorkflowRun(id, 1, "queued");
        }

        // Newest first: run 1 is beyond the 1,000 GitHub returns for status=queued.
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/1-1"));

        Assert.Equal(10, host.Server.Journal.Count(r => r.PathAndQuery.Contains("status=queued", StringComparison.Ordinal)));
        Assert.Contains(host.Server.Journal, r => r.PathAndQuery.Contains("/runs/1/attempts/1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_RunEndsAfterSnapshot_SeenEndedOnceSnapshotExpires()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(5, 1, "in_progress");
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync($"{Repo}/5-1"));

        host.Server.SetWorkflowRun(5, 1, "completed");
        host.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync($"{Repo}/5-1"));
    }

    [Fact]
    public async Task CheckAsync_TokenWithoutActionsRead_UnknownNotEnded()
    {
        const string adminOnly = "ghp_AdminOnly";
        await using var host = await GitHubTestHost.StartAsync(o => o.Token = adminOnly);
        host.Server.AddToken(adminOnly, FakeGitHubPermission.RepositoryAdministration);
        host.Server.SetWorkflowRun(7, 1, "completed");

        Assert.Equal(RunLiveness.Unknown, await host.Liveness.CheckAsync($"{Repo}/7-1"));
        Assert.Contains("Actions: read", host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_OrganizationScope_JudgesTheRepositoryTheRunIdNames()
    {
        await using var host = await GitHubTestHost.StartAsync(o => o.Repository = null);
        host.Server.SetWorkflowRun(8, 1, "completed");

        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync($"{Repo}/8-1"));
    }
}
