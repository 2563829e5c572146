using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Netperf.Core.GitHub;
using Netperf.Testing.GitHub;

namespace Netperf.Core.Tests.GitHub;

/// <summary>The GitHub client and the fake against what GitHub's published REST description and documentation say.</summary>
public sealed class GitHubRealismTests
{
    [Fact]
    public async Task ListRunnersAsync_SecondaryLimit403WithoutRetryAfter_WaitsAMinuteThenLongerAndSucceeds()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddRunner("r1");
        host.Server.AddFault(FakeGitHubFault.SecondaryRateLimit(times: 2));

        var listing = host.Registry.ListRunnersAsync();
        await host.WaitForRateLimitDelayAsync();
        host.Clock.Advance(TimeSpan.FromSeconds(59));
        await Task.Yield();
        Assert.False(listing.IsCompleted, "retried before a minute had passed");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => host.Logs.AllText.Contains("before retry 2", StringComparison.Ordinal) && host.Clock.PendingTimers > 0);

        host.Clock.Advance(TimeSpan.FromSeconds(119));
        await Task.Yield();
        Assert.False(listing.IsCompleted, "the second wait was not longer than the first");
        host.Clock.Advance(TimeSpan.FromSeconds(1));
        var runners = await listing.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(runners);
        Assert.Equal([403, 403, 200], host.Server.Journal.Select(r => r.Status));
    }

    [Fact]
    public async Task ListRunnersAsync_SecondaryLimitWaitCancelled_EndsAtOnce()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddFault(FakeGitHubFault.SecondaryRateLimit());
        using var cancellation = new CancellationTokenSource();

        var listing = host.Registry.ListRunnersAsync(cancellationToken: cancellation.Token);
        await host.WaitForRateLimitDelayAsync();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => listing.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Single(host.Server.Journal);
    }

    [Fact]
    public async Task ListRunnersAsync_403ForAMissingPermission_IsNotTakenForARateLimit()
    {
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddFault(new FakeGitHubFault { Status = 403, Message = "Resource not accessible by integration" });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("lacks a permission", ex.Message, StringComparison.Ordinal);
        Assert.Single(host.Server.Journal);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(0)]
    public async Task CreateJitConfigAsync_AnswerLostAfterGitHubMadeTheRunner_DeletesItAndRetries(int status)
    {
        await using var host = await GitHubTestHost.StartAsync();
        await using var pump = host.Clock.AutoAdvance();
        host.Server.AddFault(new FakeGitHubFault { PathContains = "generate-jitconfig", Status = status, LoseAnswer = true, Message = "Service Unavailable" });

        var jit = await host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-p1-client", Labels = ["netperf", "pair-p1"] });

        var runner = Assert.Single(host.Server.Runners);
        Assert.Equal(jit.Runner.Id, runner.Id);
        Assert.Equal(jit.EncodedJitConfig, runner.JitConfig);
        Assert.Equal(2, host.Server.Journal.Count(r => r.PathAndQuery.Contains("generate-jitconfig", StringComparison.Ordinal)));
        Assert.Contains(host.Server.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task CreateJitConfigAsync_EveryAnswerLost_LeavesNoRunnerBehind()
    {
        await using var host = await GitHubTestHost.StartAsync();
        await using var pump = host.Clock.AutoAdvance();
        host.Server.AddFault(new FakeGitHubFault { PathContains = "generate-jitconfig", Status = 502, LoseAnswer = true, Times = 3 });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-p2-client", Labels = ["netperf"] }));

        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Empty(host.Server.Runners);
    }

    [Fact]
    public async Task CreateJitConfigAsync_NameTakenOnTheFirstTry_LeavesThatRunnerAlone()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var existing = host.Server.AddRunner("np-p3-client", online: false);

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-p3-client", Labels = ["netperf"] }));

        Assert.Equal(HttpStatusCode.Conflict, ex.StatusCode);
        Assert.Equal(existing.Id, Assert.Single(host.Server.Runners).Id);
        Assert.DoesNotContain(host.Server.Journal, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task App_Token_IsDownScopedToTheRepositoryAndThePermissionsUsed()
    {
        using var key = RSA.Create(2048);
        await using var host = await StartAppAsync(key);
        host.Server.AddRepository("netperf", "secrets");
        host.Server.AddRunner("r1");

        Assert.Single(await host.Registry.ListRunnersAsync());

        using var asked = JsonDocument.Parse(host.Server.LastInstallationTokenRequest!);
        Assert.Equal(["netperf"], asked.RootElement.GetProperty("repositories").EnumerateArray().Select(e => e.GetString()));
        var permissions = asked.RootElement.GetProperty("permissions").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(new Dictionary<string, string?> { ["administration"] = "write", ["actions"] = "read" }, permissions);
    }

    [Fact]
    public async Task App_GitHubUnreachable_IsAGitHubApiExceptionNotAnHttpRequestException()
    {
        using var key = RSA.Create(2048);
        await using var host = await StartAppAsync(key, o => o.ApiBaseUrl = new Uri("http://127.0.0.1:1/"));

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Contains("Could not reach GitHub", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task App_TokenAnswerIsNotJson_IsAGitHubApiException()
    {
        using var key = RSA.Create(2048);
        await using var host = await StartAppAsync(key);
        host.Server.AddFault(new FakeGitHubFault { PathContains = "access_tokens", Status = 201, RawBody = "<html>proxy login</html>" });

        var ex = await Assert.ThrowsAsync<GitHubApiException>(() => host.Registry.ListRunnersAsync());

        Assert.IsAssignableFrom<JsonException>(ex.InnerException);
    }

    [Theory]
    [InlineData(-60, 600, HttpStatusCode.Created)]
    [InlineData(-60, 540, HttpStatusCode.Created)]
    [InlineData(0, 720, HttpStatusCode.Unauthorized)]
    [InlineData(-700, -10, HttpStatusCode.Unauthorized)]
    public async Task FakeApp_JwtTimes_AcceptedAsGitHubDoes(int iatOffset, int expOffset, HttpStatusCode expected)
    {
        using var key = RSA.Create(2048);
        await using var host = await GitHubTestHost.StartAsync();
        host.Server.AddAppInstallation(42, 7, key);
        var now = host.Clock.GetUtcNow().ToUnixTimeSeconds();
        using var http = new HttpClient { BaseAddress = host.Server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, "app/installations/7/access_tokens");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Jwt(key, 42, now + iatOffset, now + expOffset));
        request.Headers.UserAgent.ParseAdd("test");

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task FakeLabels_EmptyLabelList_AnswersValidationFailedWithStringErrors()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var runner = host.Server.AddRunner("r1");
        using var http = new HttpClient { BaseAddress = host.Server.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"repos/netperf/netperf/actions/runners/{runner.Id}/labels")
        {
            Content = new StringContent("{\"labels\":[]}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FakeGitHubServer.DefaultToken);

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Validation Failed", body.RootElement.GetProperty("message").GetString());
        Assert.All(body.RootElement.GetProperty("errors").EnumerateArray(), e => Assert.Equal(JsonValueKind.String, e.ValueKind));
        Assert.True(body.RootElement.TryGetProperty("documentation_url", out _));
    }

    [Fact]
    public async Task FakeRunner_EphemeralRunnersJobEnds_RunnerIsGone()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var jit = await host.Registry.CreateJitConfigAsync(new JitRunnerRequest { Name = "np-e-client", Labels = ["netperf"] });
        Assert.True(host.Server.SimulateJitStart(jit.EncodedJitConfig));

        host.Server.SetBusy(jit.Runner.Id, busy: true);
        Assert.True((await host.Registry.GetRunnerAsync(jit.Runner.Id))!.Busy);
        host.Server.SetBusy(jit.Runner.Id, busy: false);

        Assert.Null(await host.Registry.GetRunnerAsync(jit.Runner.Id));
        Assert.False(await host.Registry.DeleteRunnerAsync(jit.Runner.Id));
    }

    private static async Task<GitHubTestHost> StartAppAsync(RSA key, Action<GitHubOptions>? more = null)
    {
        var host = await GitHubTestHost.StartAsync(o =>
        {
            o.Token = null;
            o.AppId = 12345;
            o.AppInstallationId = 678;
            o.AppPrivateKeyPem = key.ExportRSAPrivateKeyPem();
            more?.Invoke(o);
        });
        using var publicKey = RSA.Create();
        publicKey.ImportRSAPublicKey(key.ExportRSAPublicKey(), out _);
        host.Server.AddAppInstallation(12345, 678, RSA.Create(publicKey.ExportParameters(false)));
        return host;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var spins = 0;
        while (!condition())
        {
            Assert.True(++spins < 10_000_000, "the condition never held");
            await Task.Yield();
        }
    }

    private static string Jwt(RSA key, long appId, long iat, long exp)
    {
        static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8.ToArray());
        var payload = Base64Url(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"iat\":{iat},\"exp\":{exp},\"iss\":\"{appId}\"}}")));
        var signature = key.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + payload + "." + Base64Url(signature);
    }
}
