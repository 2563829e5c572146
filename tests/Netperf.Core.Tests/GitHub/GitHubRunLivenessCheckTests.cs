using Netperf.Core.Janitor;
using Netperf.Core.GitHub;

namespace Netperf.Core.Tests.GitHub;

public sealed class GitHubRunLivenessCheckTests
{
    [Theory]
    [InlineData("4711-2", 4711, 2)]
    [InlineData("run-4711-1", 4711, 1)]
    [InlineData("gh-9-3", 9, 3)]
    public void TryParseRunId_RunAndAttempt_Parsed(string value, long run, long attempt)
    {
        Assert.True(GitHubRunLivenessCheck.TryParseRunId(value, out var r, out var a));
        Assert.Equal((run, attempt), (r, a));
    }

    [Theory]
    [InlineData("4711")]
    [InlineData("local-run")]
    [InlineData("4711-0")]
    [InlineData("")]
    public void TryParseRunId_OtherShapes_Rejected(string value) =>
        Assert.False(GitHubRunLivenessCheck.TryParseRunId(value, out _, out _));

    [Fact]
    public async Task CheckAsync_RunStates_AliveEndedAndRerunAttempts()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(100, 1, "in_progress");
        host.Server.SetWorkflowRun(101, 1, "queued");
        host.Server.SetWorkflowRun(102, 1, "completed");
        host.Server.SetWorkflowRun(103, 1, "completed");
        host.Server.SetWorkflowRun(103, 2, "in_progress");

        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("100-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("101-1"));
        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync("102-1"));
        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync("103-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("103-2"));
        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync("999-1"));
        Assert.Equal(RunLiveness.Unknown, await host.Liveness.CheckAsync("not-a-run"));
    }

    [Fact]
    public async Task CheckAsync_MoreThan100LiveRuns_ListsEveryPageOnceAndAnswersFromTheSnapshot()
    {
        await using var host = await GitHubTestHost.StartAsync();
        for (var id = 1; id <= 230; id++)
        {
            host.Server.SetWorkflowRun(id, 1, "in_progress");
        }

        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("1-1"));
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("230-1"));

        var inProgressPages = host.Server.Journal.Where(r => r.PathAndQuery.Contains("status=in_progress", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, inProgressPages.Count);
        Assert.DoesNotContain(host.Server.Journal, r => r.PathAndQuery.Contains("/attempts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_RunEndsAfterSnapshot_SeenEndedOnceSnapshotExpires()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.SetWorkflowRun(5, 1, "in_progress");
        Assert.Equal(RunLiveness.Alive, await host.Liveness.CheckAsync("5-1"));

        host.Server.SetWorkflowRun(5, 1, "completed");
        host.Clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(RunLiveness.Ended, await host.Liveness.CheckAsync("5-1"));
    }

    [Fact]
    public async Task CheckAsync_TokenWithoutActionsRead_UnknownNotEnded()
    {
        const string adminOnly = "ghp_AdminOnly";
        await using var host = await GitHubTestHost.StartAsync(o => o.Token = adminOnly);
        host.Server.AddToken(adminOnly, Netperf.Testing.GitHub.FakeGitHubPermission.RepositoryAdministration);
        host.Server.SetWorkflowRun(7, 1, "completed");

        Assert.Equal(RunLiveness.Unknown, await host.Liveness.CheckAsync("7-1"));
        Assert.Contains("Actions: read", host.Logs.AllText, StringComparison.Ordinal);
    }
}
