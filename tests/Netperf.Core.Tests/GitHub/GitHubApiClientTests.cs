using System.Net;
using System.Security.Cryptography;
using Netperf.Core.GitHub;
using Netperf.Testing.GitHub;

namespace Netperf.Core.Tests.GitHub;

/// <summary>Auth, error mapping, rate limits and secret hygiene of the GitHub client, through the registry.</summary>
public sealed class GitHubApiClientTests
{
    [Fact]
    public async Task ListRunnersAsync_BadToken_401NamesTheSettingButNotTheToken()
    {
        const string wrong = "ghp_WrongTokenThatMustNeverBeShown42";
        await using var host = await GitHubTestHost.StartAsync(o => o.Token = wrong);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("Netperf:GitHub:Token", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Bad credentials", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateJitConfigAsync_TokenWithoutAdministration_403NamesRepositoryPermission()
    {
        const string readOnly = "ghp_ActionsOnlyToken";
        await using var host = await GitHubTestHost.StartAsync(o => o.Token = readOnly);
        host.Server.AddToken(readOnly, FakeGitHubPermission.ActionsRead);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-a-client", Labels = ["netperf"] }));

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("'Administration'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'repo'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ex.RequiredPermission, GetPermissionPart(ex.Message));
    }

    [Fact]
    public async Task ListRunnersAsync_OrgTokenWithoutOrgPermission_403NamesAdminOrg()
    {
        const string repoOnly = "ghp_RepoOnlyToken";
        await using var host = await GitHubTestHost.StartAsync(o => { o.Token = repoOnly; o.Repository = null; });
        host.Server.AddToken(repoOnly, FakeGitHubPermission.RepositoryAdministration);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Contains("admin:org", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Self-hosted runners", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunnersAsync_UnknownRepository_404SaysExistOrPermission()
    {
        await using var host = await GitHubTestHost.StartAsync(o => o.Repository = "nope");

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains(":Repository", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Administration", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRunnersAsync_PrimaryLimitExhausted_WaitsUntilResetOnTheClockThenSucceeds()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddRunner("r1");
        host.Server.ExhaustRateLimit(host.Clock.GetUtcNow().AddSeconds(2));

        var listing = host.Registry.ListRunnersAsync();
        await host.WaitForRateLimitDelayAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(2));
        await Task.Yield();
        var stillWaiting = !listing.IsCompleted;
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var runners = await listing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stillWaiting, "the retry went out before reset + 1 s");
        Assert.Single(runners);
        Assert.Equal([403, 200], host.Server.Journal.Select(r => r.Status));
    }

    [Fact]
    public async Task ListRunnersAsync_SecondaryLimitRetryAfter_WaitsRetryAfterThenSucceeds()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddFault(new FakeGitHubFault
        {
            Status = 429,
            Message = "You have exceeded a secondary rate limit",
            Headers = new Dictionary<string, string> { ["retry-after"] = "5" },
        });

        var listing = host.Registry.ListRunnersAsync();
        await host.WaitForRateLimitDelayAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Yield();
        var stillWaiting = !listing.IsCompleted;
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await listing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(stillWaiting);
        Assert.Equal([429, 200], host.Server.Journal.Select(r => r.Status));
    }

    [Fact]
    public async Task ListRunnersAsync_ResetBeyondMaxWait_FailsWithoutWaiting()
    {
        await using var host = await GitHubTestHost.StartAsync(o => o.MaxRateLimitWait = TimeSpan.FromSeconds(30));
        host.Server.ExhaustRateLimit(host.Clock.GetUtcNow().AddMinutes(30));

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("MaxRateLimitWait", ex.Message, StringComparison.Ordinal);
        Assert.Single(host.Server.Journal);
    }

    [Fact]
    public async Task Secrets_ThroughSuccessAndFailure_NeverInLogsOrExceptions()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var secrets = new List<string> { FakeGitHubServer.DefaultToken };
        var texts = new List<string>();

        var token = await host.Registry.CreateRegistrationTokenAsync();
        secrets.Add(token.Token);
        texts.Add(token.ToString());
        var jit = await host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-s-client", Labels = ["netperf", "pair-s"] });
        secrets.Add(jit.EncodedJitConfig);
        texts.Add(jit.ToString());
        await host.Registry.ListRunnersAsync();

        // A server (or proxy) that echoes the token back in its error must not get it into the exception.
        host.Server.AddFault(new FakeGitHubFault { Status = 422, Message = $"Validation Failed for Bearer {FakeGitHubServer.DefaultToken}" });
        texts.Add((await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.AddLabelsAsync(jit.Runner.Id, ["x"]))).ToString());
        host.Server.AddFault(new FakeGitHubFault { Status = 500 });
        texts.Add((await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync())).ToString());
        host.Server.AddFault(new FakeGitHubFault { Status = 409, PathContains = "generate-jitconfig" });
        texts.Add((await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-t-client", Labels = ["netperf"] }))).ToString());

        texts.Add(host.Logs.AllText);
        Assert.NotEmpty(host.Logs.Entries);
        Assert.Contains(texts, t => t.Contains("***", StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.All(texts, t => Assert.DoesNotContain(secret, t, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task App_InstallationToken_SignedJwtExchangedOnceAndCached()
    {
        using var key = RSA.Create(2048);
        await using var host = await GitHubTestHost.StartAsync(o =>
        {
            o.Token = null;
            o.AppId = 12345;
            o.AppInstallationId = 678;
            o.AppPrivateKeyPem = key.ExportRSAPrivateKeyPem();
        });
        using var publicKey = RSA.Create();
        publicKey.ImportRSAPublicKey(key.ExportRSAPublicKey(), out _);
        host.Server.AddAppInstallation(12345, 678, publicKey);
        host.Server.AddRunner("r1");

        Assert.Single(await host.Registry.ListRunnersAsync());
        Assert.Single(await host.Registry.ListRunnersAsync());
        Assert.Equal(1, host.Server.IssuedAppTokens);

        host.Clock.Advance(TimeSpan.FromMinutes(56));
        Assert.Single(await host.Registry.ListRunnersAsync());
        Assert.Equal(2, host.Server.IssuedAppTokens);
        Assert.DoesNotContain("PRIVATE KEY", host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_WrongKey_401NamesAppSettings()
    {
        using var key = RSA.Create(2048);
        using var other = RSA.Create(2048);
        await using var host = await GitHubTestHost.StartAsync(o =>
        {
            o.Token = null;
            o.AppId = 1;
            o.AppInstallationId = 2;
            o.AppPrivateKeyPem = other.ExportRSAPrivateKeyPem();
        });
        host.Server.AddAppInstallation(1, 2, key);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Contains("AppPrivateKeyPem", ex.Message, StringComparison.Ordinal);
    }

    private static string? GetPermissionPart(string message)
    {
        const string marker = "Grant ";
        var start = message.IndexOf(marker, StringComparison.Ordinal);
        return start < 0 ? null : message[(start + marker.Length)..].TrimEnd('.');
    }
}
