using System.Net;
using Netperf.Core.Pairs;
using Netperf.Core.GitHub;
using Netperf.Testing.GitHub;

namespace Netperf.Core.Tests.GitHub;

public sealed class GitHubRunnerRegistryTests
{
    private static readonly MachineSpec Ubuntu = new() { Image = "ubuntu-24.04", Environment = "azure" };

    [Fact]
    public async Task CreateJitConfigAsync_LabelScheme_RegistersOfflineEphemeralRunnerWithSchemeLabels()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var labels = RunnerLabels.ForPair("np-7f3a", Ubuntu, "4711-2", io: "epoll");

        var jit = await host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-np-7f3a-client", Labels = labels });

        Assert.Equal(["netperf", "os-ubuntu-24.04", "env-azure", "x64", "io-epoll", "pair-np-7f3a", "run-4711-2"], labels);
        var runner = Assert.Single(host.Server.Runners);
        Assert.Equal(jit.Runner.Id, runner.Id);
        Assert.Equal("offline", runner.Status);
        Assert.True(runner.Ephemeral);
        Assert.Equal(["self-hosted", "Linux", "X64"], runner.ReadOnlyLabels);
        Assert.Equal(["netperf", "os-ubuntu-24.04", "env-azure", "io-epoll", "pair-np-7f3a", "run-4711-2"], runner.CustomLabels);
        Assert.Equal(RunnerStatus.Offline, jit.Runner.Status);
        Assert.True(jit.Runner.HasLabel("pair-np-7f3a"));

        Assert.True(host.Server.SimulateJitStart(jit.EncodedJitConfig));
        var listed = Assert.Single(await host.Registry.ListRunnersAsync("np-np-7f3a-client"));
        Assert.Equal(RunnerStatus.Online, listed.Status);
        Assert.All(host.Server.Journal, r => Assert.True(r.HadUserAgent));
        Assert.All(host.Server.Journal, r => Assert.Equal("2022-11-28", r.ApiVersion));
    }

    [Fact]
    public async Task CreateJitConfigAsync_ExistingName_ThrowsConflictNamingTheFix()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddRunner("np-a-client", ["netperf"]);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-a-client", Labels = ["netperf"] }));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ubuntu-latest")]
    [InlineData("windows-2022")]
    [InlineData("macos-14")]
    [InlineData("ubuntu-24.04")]
    [InlineData("self-hosted")]
    [InlineData("windows-latest")]
    public async Task CreateJitConfigAsync_CollidingLabel_RefusedBeforeAnyRequest(string label)
    {
        await using var host = await GitHubTestHost.StartAsync();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() =>
            host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-x-client", Labels = ["netperf", label] }));

        Assert.Contains($"'{label}'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(host.Server.Journal);
        Assert.Empty(host.Server.Runners);
    }

    [Fact]
    public async Task AddLabelsAsync_CollidingLabel_RefusedAndRunnerUnchanged()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var runner = host.Server.AddRunner("np-a-client", ["netperf"]);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Registry.AddLabelsAsync(runner.Id, ["ubuntu-latest"]));

        Assert.Equal(["netperf"], runner.CustomLabels);
    }

    [Fact]
    public async Task ListRunnersAsync_250Runners_FollowsLinkHeadersAcrossThreePages()
    {
        await using var host = await GitHubTestHost.StartAsync();
        for (var i = 0; i < 250; i++)
        {
            host.Server.AddRunner($"r{i:D3}", ["netperf"]);
        }

        var runners = await host.Registry.ListRunnersAsync();

        Assert.Equal(250, runners.Count);
        Assert.Equal(250, runners.Select(r => r.Id).Distinct().Count());
        var pages = host.Server.Journal.Where(r => r.Method == "GET").ToList();
        Assert.Equal(3, pages.Count);
        Assert.All(pages, p => Assert.Contains("per_page=100", p.PathAndQuery, StringComparison.Ordinal));
        Assert.Contains("page=3", pages[2].PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunnersAsync_SmallPageSize_ReadsEveryPage()
    {
        await using var host = await GitHubTestHost.StartAsync(o => o.PageSize = 7);
        for (var i = 0; i < 50; i++)
        {
            host.Server.AddRunner($"r{i}");
        }

        var runners = await host.Registry.ListRunnersAsync();

        Assert.Equal(50, runners.Count);
        Assert.Equal(8, host.Server.Journal.Count);
    }

    [Fact]
    public async Task ListRunnersAsync_MorePagesThanMaxPages_ThrowsNamingTheSetting()
    {
        await using var host = await GitHubTestHost.StartAsync(o => { o.PageSize = 10; o.MaxPages = 2; });
        for (var i = 0; i < 25; i++)
        {
            host.Server.AddRunner($"r{i}");
        }

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Contains("MaxPages", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteRunnerAsync_BusyRunner_RefusedAndKeptWithoutDeleteRequest()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var runner = host.Server.AddRunner("np-a-client", ["netperf"], busy: true);

        var ex = await Assert.ThrowsAsync<RunnerBusyException>(() => host.Registry.DeleteRunnerAsync(runner.Id));

        Assert.Equal(runner.Id, ex.RunnerId);
        Assert.Single(host.Server.Runners);
        Assert.DoesNotContain(host.Server.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task DeleteRunnerAsync_BusyRunnerForced_Deleted()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.RejectBusyDeletes = false;
        var runner = host.Server.AddRunner("np-a-client", ["netperf"], busy: true);

        Assert.True(await host.Registry.DeleteRunnerAsync(runner.Id, force: true));

        Assert.Empty(host.Server.Runners);
    }

    [Fact]
    public async Task DeleteRunnerAsync_BecameBusyBetweenCheckAndDelete_GitHub422MapsToBusy()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var runner = host.Server.AddRunner("np-a-client", ["netperf"]);
        host.Server.AddFault(new FakeGitHubFault { Method = "DELETE", Status = 422, Message = "Runner is still running a job" });

        await Assert.ThrowsAsync<RunnerBusyException>(() => host.Registry.DeleteRunnerAsync(runner.Id));

        Assert.Single(host.Server.Runners);
    }

    [Fact]
    public async Task DeleteRunnerAsync_IdleThenMissing_TrueThenFalse()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var runner = host.Server.AddRunner("np-a-client", ["netperf"], online: false);

        Assert.True(await host.Registry.DeleteRunnerAsync(runner.Id));
        Assert.False(await host.Registry.DeleteRunnerAsync(runner.Id));
        Assert.Empty(host.Server.Runners);
    }

    [Fact]
    public async Task AddAndRemoveLabels_CustomLabels_ChangeAndMissingLabelIsNotAnError()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var runner = host.Server.AddRunner("np-a-client", ["netperf"]);

        var afterAdd = await host.Registry.AddLabelsAsync(runner.Id, ["pair-p1", "io-epoll"]);
        var afterRemove = await host.Registry.RemoveLabelAsync(runner.Id, "io-epoll");
        var afterMissing = await host.Registry.RemoveLabelAsync(runner.Id, "never-there");

        Assert.Contains(afterAdd, l => l.Name == "io-epoll" && l.Type == RunnerLabelType.Custom);
        Assert.Contains(afterAdd, l => l.Name == "self-hosted" && l.Type == RunnerLabelType.ReadOnly);
        Assert.DoesNotContain(afterRemove, l => l.Name == "io-epoll");
        Assert.Equal(afterRemove.Select(l => l.Name), afterMissing.Select(l => l.Name));
        Assert.Equal(["netperf", "pair-p1"], runner.CustomLabels);
    }

    [Fact]
    public async Task RemoveLabelAsync_MissingRunner_Throws404()
    {
        await using var host = await GitHubTestHost.StartAsync();

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.RemoveLabelAsync(999, "x"));

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task CreateRegistrationTokenAsync_OrganizationScope_UsesOrgEndpointAndTokenRegistersRunner()
    {
        await using var host = await GitHubTestHost.StartAsync(o => o.Repository = null);

        var token = await host.Registry.CreateRegistrationTokenAsync();
        var runner = host.Server.SimulateConfig(token.Token, "np-a-client", ["netperf"], ephemeral: true, scope: "orgs/netperf");

        Assert.Equal("org netperf", host.Registry.Scope);
        Assert.Equal(new Uri(new Uri("https://github.com/"), "netperf"), host.Registry.RegistrationUrl);
        Assert.Contains(host.Server.Journal, r => r.PathAndQuery == "/orgs/netperf/actions/runners/registration-token");
        Assert.Equal(host.Clock.GetUtcNow().AddHours(1), token.ExpiresAt);
        Assert.DoesNotContain(token.Token, token.ToString(), StringComparison.Ordinal);
        Assert.Equal("online", runner.Status);
    }

    [Fact]
    public async Task CreateRegistrationTokenAsync_ExpiredToken_SimulatedConfigFails()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var token = await host.Registry.CreateRegistrationTokenAsync();

        host.Clock.Advance(TimeSpan.FromMinutes(61));

        Assert.Throws<InvalidOperationException>(() => host.Server.SimulateConfig(token.Token, "np-a-client", ["netperf"], ephemeral: true));
    }
}
