using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Netperf.Core.Remoting;

namespace Netperf.Core.GitHub.Internal;

/// <summary>
/// The one place that talks HTTP to GitHub: headers, bearer token, pagination through <c>Link</c>,
/// rate limits (primary reset, secondary <c>retry-after</c>, and secondary limits without it: at least a
/// minute, doubling each time; all waited on the injected clock), and error answers turned into
/// <see cref="GitHubApiException"/> without any secret in them.
/// </summary>
/// <remarks>
/// Hand-written over <see cref="HttpClient"/> and System.Text.Json rather than on Octokit: Octokit 14 (the newest on
/// the package mirror) has no generate-jitconfig, no runner label endpoints, no get-runner-by-id and no remove-token,
/// never sends <c>X-GitHub-Api-Version</c>, does not wait on rate limits, and rewrites a base address other than
/// github.com to <c>/api/v3/</c>. The paths, bodies and headers follow GitHub's published REST description
/// (<c>github/rest-api-description</c>, version 2022-11-28).
/// </remarks>
internal sealed partial class GitHubApiClient
{
    public const string ApiVersion = "2022-11-28";
    public const string HttpClientName = "Netperf.GitHub";

    private readonly Func<HttpClient> _http;
    private readonly GitHubOptions _options;
    private readonly IGitHubTokenSource _tokens;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private DateTimeOffset? _exhaustedUntil;

    public GitHubApiClient(Func<HttpClient> http, GitHubOptions options, IGitHubTokenSource tokens, TimeProvider time, ILogger logger)
    {
        _http = http;
        _options = options;
        _tokens = tokens;
        _time = time;
        _logger = logger;
    }

    public GitHubOptions Options => _options;

    public TimeProvider Time => _time;

    /// <summary>Sends one request; <paramref name="tolerated"/> statuses come back as a response instead of an exception.</summary>
    public async Task<GitHubResponse> SendAsync(
        HttpMethod method,
        string pathOrUrl,
        object? body,
        GitHubOperation operation,
        CancellationToken cancellationToken,
        params HttpStatusCode[] tolerated)
    {
        var url = Resolve(pathOrUrl);
        var secondaryWaits = 0;
        for (var attempt = 0; ; attempt++)
        {
            await WaitForPrimaryResetAsync(operation, cancellationToken).ConfigureAwait(false);
            var started = _time.GetTimestamp();
            var response = await SendOnceAsync(method, url, body, operation, cancellationToken).ConfigureAwait(false);
            using (response)
            {
                var remaining = Header(response, "x-ratelimit-remaining");
                var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
                LogRequest(_logger, method.Method, url.AbsolutePath, (int)response.StatusCode, elapsedMs, remaining ?? "-");
                RememberPrimaryLimit(response, remaining);

                if (response.IsSuccessStatusCode || tolerated.Contains(response.StatusCode))
                {
                    var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    var json = string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text);
                    var next = LinkHeader.FindNext(response.Headers.TryGetValues("Link", out var links) ? links : null);
                    return new GitHubResponse(response.StatusCode, json, next is null ? null : CheckSameOrigin(next));
                }

                var (delay, backOff) = await RateLimitDelayAsync(response, remaining, secondaryWaits, cancellationToken).ConfigureAwait(false);
                if (delay is not null)
                {
                    // A back-off without retry-after is GitHub's own rule (a minute, then longer): bounded by the retries and cancellation, not by MaxRateLimitWait.
                    if (attempt >= _options.MaxRateLimitRetries || (!backOff && delay > _options.MaxRateLimitWait))
                    {
                        throw await ErrorAsync(response, operation,
                            $"GitHub's rate limit stopped '{operation.Description}' (retry possible in {delay.Value.TotalSeconds:0} s, after {attempt} retries). " +
                            $"Wait and run again, use a token with a larger limit (a GitHub App), or raise {GitHubOptions.SectionName}:MaxRateLimitWait / :MaxRateLimitRetries.",
                            cancellationToken).ConfigureAwait(false);
                    }

                    secondaryWaits += backOff ? 1 : 0;
                    LogRateLimitWait(_logger, operation.Description, (int)response.StatusCode, delay.Value, attempt + 1);
                    await Task.Delay(delay.Value, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw await ErrorAsync(response, operation, null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri url, object? body, GitHubOperation operation, CancellationToken cancellationToken)
    {
        var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/vnd.github+json");
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Add("X-GitHub-Api-Version", ApiVersion);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await _http().SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new GitHubApiException(
                $"GitHub did not answer '{operation.Description}' within {_options.RequestTimeout} ({GitHubOptions.SectionName}:RequestTimeout). Check connectivity to {_options.ApiBaseUrl} or raise the timeout.",
                ex) { Operation = operation.Description };
        }
        catch (HttpRequestException ex)
        {
            throw new GitHubApiException(
                $"Could not reach GitHub at {_options.ApiBaseUrl} to {operation.Description}: {Scrub(ex.Message)}. Check {GitHubOptions.SectionName}:ApiBaseUrl and the network.",
                ex) { Operation = operation.Description };
        }
    }

    /// <summary>Reads every page of a list, following <c>Link: rel="next"</c> up to <see cref="GitHubOptions.MaxPages"/>.</summary>
    public async Task<List<T>> GetAllPagesAsync<T>(string path, string arrayProperty, Func<JsonElement, T> read, GitHubOperation operation, CancellationToken cancellationToken)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        var next = $"{path}{separator}per_page={_options.PageSize}&page=1";
        var items = new List<T>();
        for (var page = 1; next is not null; page++)
        {
            if (page > _options.MaxPages)
            {
                throw new GitHubApiException(
                    $"Listing for '{operation.Description}' has more than {_options.MaxPages} pages of {_options.PageSize}; raise {GitHubOptions.SectionName}:MaxPages if that many items are expected.")
                { Operation = operation.Description };
            }

            using var response = await SendAsync(HttpMethod.Get, next, null, operation, cancellationToken).ConfigureAwait(false);
            if (response.Root.ValueKind == JsonValueKind.Object && response.Root.TryGetProperty(arrayProperty, out var array) && array.ValueKind == JsonValueKind.Array)
            {
                items.AddRange(array.EnumerateArray().Select(read));
            }

            next = response.Next?.ToString();
        }

        return items;
    }

    /// <summary>Replaces every known secret in <paramref name="text"/> with <c>***</c>.</summary>
    public string Scrub(string text) => SecretRedactor.Redact(text, _tokens.KnownSecrets);

    private Uri Resolve(string pathOrUrl) =>
        Uri.TryCreate(pathOrUrl, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http", StringComparison.Ordinal)
            ? CheckSameOrigin(absolute)
            : new Uri(_options.ApiBaseUrl, pathOrUrl.TrimStart('/'));

    // A pagination link to another host would carry the bearer token there: refuse it.
    private Uri CheckSameOrigin(Uri uri) =>
        Uri.Compare(uri, _options.ApiBaseUrl, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            ? uri
            : throw new GitHubApiException($"GitHub returned a link to another host ({uri.Host}); refusing to send the token there. Check {GitHubOptions.SectionName}:ApiBaseUrl.");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private void RememberPrimaryLimit(HttpResponseMessage response, string? remaining)
    {
        if (remaining == "0" && ReadReset(response) is { } reset)
        {
            lock (_gate)
            {
                _exhaustedUntil = reset;
            }
        }
    }

    private async Task WaitForPrimaryResetAsync(GitHubOperation operation, CancellationToken cancellationToken)
    {
        DateTimeOffset? until;
        lock (_gate)
        {
            until = _exhaustedUntil;
            _exhaustedUntil = null;
        }

        var delay = until - _time.GetUtcNow();
        if (delay is { } d && d > TimeSpan.Zero)
        {
            if (d > _options.MaxRateLimitWait)
            {
                throw new GitHubApiException(
                    $"GitHub's rate limit is used up until {until:O}; '{operation.Description}' was not sent. Wait, or raise {GitHubOptions.SectionName}:MaxRateLimitWait.")
                { Operation = operation.Description, StatusCode = HttpStatusCode.Forbidden };
            }

            LogRateLimitWait(_logger, operation.Description, 0, d, 0);
            await Task.Delay(d, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// How long to wait before retrying a rate-limited answer, and whether that is a back-off (no retry-after):
    /// <see langword="null"/> when the answer is not a rate limit (for example a 403 for a missing permission).
    /// </summary>
    private async Task<(TimeSpan? Delay, bool BackOff)> RateLimitDelayAsync(HttpResponseMessage response, string? remaining, int secondaryWaits, CancellationToken cancellationToken)
    {
        if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests))
        {
            return (null, false);
        }

        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return (retryAfter.Delta ?? (retryAfter.Date is { } date ? Max0(date - _time.GetUtcNow()) : TimeSpan.FromMinutes(1)), false);
        }

        if (remaining == "0")
        {
            // One extra second because the reset is rounded down to whole seconds.
            return (ReadReset(response) is { } reset ? Max0(reset - _time.GetUtcNow()) + TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1), false);
        }

        // A secondary limit without retry-after (429, or a 403 that says so): GitHub asks to wait at least a minute and
        // to wait longer each time. A 403 that does not say so is a missing permission, not a limit.
        if (response.StatusCode == HttpStatusCode.TooManyRequests || await IsSecondaryLimitAsync(response, cancellationToken).ConfigureAwait(false))
        {
            return (TimeSpan.FromMinutes(1) * Math.Pow(2, Math.Min(secondaryWaits, 10)), true);
        }

        return (null, false);
    }

    private static async Task<bool> IsSecondaryLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var doc = JsonDocument.Parse(text);
            var message = GitHubJson.ReadString(doc.RootElement, "message") ?? string.Empty;
            var documentation = GitHubJson.ReadString(doc.RootElement, "documentation_url") ?? string.Empty;
            return message.Contains("secondary rate limit", StringComparison.OrdinalIgnoreCase)
                || message.Contains("abuse", StringComparison.OrdinalIgnoreCase)
                || documentation.Contains("secondary-rate-limits", StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static TimeSpan Max0(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private static DateTimeOffset? ReadReset(HttpResponseMessage response) =>
        Header(response, "x-ratelimit-reset") is { } s && long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : null;

    private async Task<GitHubApiException> ErrorAsync(HttpResponseMessage response, GitHubOperation operation, string? overrideMessage, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        string? githubMessage = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            githubMessage = GitHubJson.ReadString(doc.RootElement, "message");
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's page): the status alone must do.
        }

        var status = (int)response.StatusCode;
        var said = githubMessage is null ? string.Empty : $" GitHub said: \"{Scrub(githubMessage)}\".";
        var message = overrideMessage ?? response.StatusCode switch
        {
            HttpStatusCode.Unauthorized =>
                $"GitHub rejected the credentials (HTTP 401) for '{operation.Description}'.{said} The token is invalid, expired or revoked: set {GitHubOptions.SectionName}:Token to a valid token (or fix the App settings). It needs {operation.Permission}.",
            HttpStatusCode.Forbidden =>
                $"GitHub refused '{operation.Description}' (HTTP 403): the token lacks a permission.{said} Grant {operation.Permission}.",
            HttpStatusCode.NotFound =>
                $"GitHub answered 404 for '{operation.Description}'.{said} Either it does not exist (check {GitHubOptions.SectionName}:Owner and :Repository) or the token lacks {operation.Permission} (GitHub hides what a token may not see).",
            HttpStatusCode.Conflict =>
                $"GitHub answered 409 (conflict) for '{operation.Description}'.{said} A runner with that name probably exists already: pick another name or delete it first.",
            HttpStatusCode.UnprocessableEntity =>
                $"GitHub rejected the request for '{operation.Description}' (HTTP 422 validation failed).{said} Check the labels, the name and {GitHubOptions.SectionName}:RunnerGroupId.",
            _ => $"GitHub answered HTTP {status} for '{operation.Description}'.{said} Retry later; if it persists check https://www.githubstatus.com.",
        };
        return new GitHubApiException(Scrub(message))
        {
            StatusCode = response.StatusCode,
            Operation = operation.Description,
            RequiredPermission = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound ? operation.Permission : null,
            RequestId = Header(response, "x-github-request-id"),
        };
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "GitHub {Method} {Path} -> {Status} in {ElapsedMs:0} ms (rate limit remaining {Remaining})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs, string remaining);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "GitHub rate limit hit for '{Operation}' (HTTP {Status}); waiting {Delay} before retry {Retry}")]
    private static partial void LogRateLimitWait(ILogger logger, string operation, int status, TimeSpan delay, int retry);
}
