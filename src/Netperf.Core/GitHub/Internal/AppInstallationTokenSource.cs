using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Netperf.Core.GitHub.Internal;

/// <summary>
/// Authenticates as a GitHub App installation: signs a short JWT (RS256) with the App key, exchanges it at
/// <c>POST /app/installations/{id}/access_tokens</c> for a token down-scoped to the permissions Netperf uses
/// (and, for repository runners, to that repository), and caches it until five minutes before it expires.
/// A network failure, a timeout or an unreadable answer is a <see cref="GitHubApiException"/> like any other
/// GitHub failure, so a caller (a janitor pass) handles it in one place.
/// </summary>
internal sealed class AppInstallationTokenSource : IGitHubTokenSource, IDisposable
{
    private readonly Func<HttpClient> _http;
    private readonly GitHubOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _refreshAt;

    public AppInstallationTokenSource(Func<HttpClient> http, GitHubOptions options, TimeProvider time)
    {
        _http = http;
        _options = options;
        _time = time;
    }

    public IEnumerable<string> KnownSecrets
    {
        get
        {
            if (_token is not null)
            {
                yield return _token;
            }

            if (_options.AppPrivateKeyPem is not null)
            {
                yield return _options.AppPrivateKeyPem;
            }
        }
    }

    public async ValueTask<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_token is not null && _time.GetUtcNow() < _refreshAt)
            {
                return _token;
            }

            var (token, expires) = await RequestTokenAsync(cancellationToken).ConfigureAwait(false);
            _token = token;
            _refreshAt = expires - TimeSpan.FromMinutes(5);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>What the token is limited to: the repository (for repository runners) and the permissions Netperf uses.</summary>
    internal static Dictionary<string, object> ScopeOf(GitHubOptions options)
    {
        var permissions = options.AppTokenPermissions ?? (options.IsOrganizationScope
            ? new Dictionary<string, string> { ["organization_self_hosted_runners"] = "write", ["actions"] = "read" }
            : new Dictionary<string, string> { ["administration"] = "write", ["actions"] = "read" });
        var body = new Dictionary<string, object>();
        if (permissions.Count > 0)
        {
            body["permissions"] = permissions;
        }

        if (!options.IsOrganizationScope)
        {
            body["repositories"] = new[] { options.Repository! };
        }

        return body;
    }

    private async Task<(string Token, DateTimeOffset Expires)> RequestTokenAsync(CancellationToken cancellationToken)
    {
        const string operation = "create an App installation token";
        var url = new Uri(_options.ApiBaseUrl, $"app/installations/{_options.AppInstallationId}/access_tokens");
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", CreateJwt());
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Add("X-GitHub-Api-Version", GitHubApiClient.ApiVersion);
        request.Content = new StringContent(JsonSerializer.Serialize(ScopeOf(_options)), Encoding.UTF8, "application/json");
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http().SendAsync(request, linked.Token).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
            {
                var hint = response.StatusCode == HttpStatusCode.UnprocessableEntity
                    ? $"The installation does not grant the permissions asked for ({string.Join(", ", ((Dictionary<string, string>?)ScopeOf(_options).GetValueOrDefault("permissions"))?.Select(p => $"{p.Key}: {p.Value}") ?? [])}) or the repository: grant them to the App, or set {GitHubOptions.SectionName}:AppTokenPermissions."
                    : $"Check {GitHubOptions.SectionName}:AppId, :AppInstallationId and :AppPrivateKeyPem (the key must be the App's current private key).";
                throw new GitHubApiException(
                    $"GitHub refused the App installation token (HTTP {(int)response.StatusCode}) for App {_options.AppId}, installation {_options.AppInstallationId}. {hint}")
                {
                    StatusCode = response.StatusCode,
                    Operation = operation,
                };
            }

            using var body = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false),
                cancellationToken: linked.Token).ConfigureAwait(false);
            var token = GitHubJson.ReadString(body.RootElement, "token")
                ?? throw new GitHubApiException("GitHub returned an App installation token answer without a token.") { Operation = operation };
            return (token, GitHubJson.ReadTime(body.RootElement, "expires_at") ?? _time.GetUtcNow().AddHours(1));
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(
                $"GitHub did not answer the App installation token request within {_options.RequestTimeout} ({GitHubOptions.SectionName}:RequestTimeout). Check connectivity to {_options.ApiBaseUrl}.", ex)
            { Operation = operation };
        }
        catch (HttpRequestException ex)
        {
            throw new GitHubApiException(
                $"Could not reach GitHub at {_options.ApiBaseUrl} to {operation}: {ex.Message}. Check {GitHubOptions.SectionName}:ApiBaseUrl and the network.", ex)
            { Operation = operation };
        }
        catch (JsonException ex)
        {
            throw new GitHubApiException(
                $"GitHub's answer to the App installation token request was not the JSON expected ({ex.Message}); a proxy may have answered instead. Check {GitHubOptions.SectionName}:ApiBaseUrl.", ex)
            { Operation = operation };
        }
    }

    private string CreateJwt()
    {
        // GitHub allows at most 10 minutes; issue 60 s in the past to absorb clock drift.
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var header = Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\"}"u8);
        var payload = Base64Url(Encoding.UTF8.GetBytes(string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"iat\":{now - 60},\"exp\":{now + 540},\"iss\":\"{_options.AppId}\"}}")));
        var signingInput = header + "." + payload;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(_options.AppPrivateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
