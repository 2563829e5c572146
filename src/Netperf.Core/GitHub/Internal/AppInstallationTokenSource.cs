using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Netperf.Core.GitHub.Internal;

/// <summary>
/// Authenticates as a GitHub App installation: signs a short JWT (RS256) with the App key, exchanges it
/// at <c>POST /app/installations/{id}/access_tokens</c>, and caches the token until five minutes before it expires.
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

            var jwt = CreateJwt();
            var url = new Uri(_options.ApiBaseUrl, $"app/installations/{_options.AppInstallationId}/access_tokens");
            using var request = new HttpRequestMessage(HttpMethod.Post, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", jwt);
            request.Headers.Accept.ParseAdd("application/vnd.github+json");
            request.Headers.UserAgent.ParseAdd(_options.UserAgent);
            request.Headers.Add("X-GitHub-Api-Version", GitHubApiClient.ApiVersion);
            using var response = await _http().SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.Created && response.StatusCode != HttpStatusCode.OK)
            {
                throw new GitHubApiException(
                    $"GitHub refused the App installation token (HTTP {(int)response.StatusCode}) for App {_options.AppId}, installation {_options.AppInstallationId}. " +
                    $"Check {GitHubOptions.SectionName}:AppId, :AppInstallationId and :AppPrivateKeyPem (the key must be the App's current private key).")
                {
                    StatusCode = response.StatusCode,
                    Operation = "create an App installation token",
                };
            }

            using var body = await JsonDocument.ParseAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false),
                cancellationToken: cancellationToken).ConfigureAwait(false);
            _token = body.RootElement.GetProperty("token").GetString()
                ?? throw new GitHubApiException("GitHub returned an App installation token response without a token.");
            var expires = GitHubJson.ReadTime(body.RootElement, "expires_at") ?? _time.GetUtcNow().AddHours(1);
            _refreshAt = expires - TimeSpan.FromMinutes(5);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

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
