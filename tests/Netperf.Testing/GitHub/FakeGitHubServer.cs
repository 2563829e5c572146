using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Netperf.Testing.GitHub;

/// <summary>
/// A fake of GitHub's REST API for self-hosted runners and workflow runs, on Kestrel at 127.0.0.1 (a
/// random port). It keeps GitHub's shapes: bearer auth (401 "Bad credentials", 403 for a missing
/// permission), <c>Link</c> pagination (30 per page by default, 100 at most), rate-limit headers and a
/// primary limit that resets on the fake clock, 404/409/422 answers, JIT runners that start offline, a busy
/// flag tests set (an ephemeral runner vanishes when its job ends), workflow runs with attempts per repository (a
/// status-filtered list returns at most 1,000), App installation tokens down-scoped as asked. Faults are injected
/// with <see cref="AddFault"/>, including answers lost after the request was carried out.
/// </summary>
public sealed partial class FakeGitHubServer : IAsyncDisposable
{
    /// <summary>The token the fake accepts by default, with every permission.</summary>
    public const string DefaultToken = "ghp_FakeNetperfToken0123456789abcdefXYZ";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeGitHubPermission> _tokens = new(StringComparer.Ordinal) { [DefaultToken] = FakeGitHubPermission.All };
    private readonly HashSet<string> _scopes = new(StringComparer.OrdinalIgnoreCase) { "repos/netperf/netperf", "orgs/netperf" };
    private readonly List<FakeRunner> _runners = [];
    private readonly Dictionary<(string Repository, long Id), FakeWorkflowRun> _runs = [];
    private readonly List<FakeGitHubFault> _faults = [];
    private readonly List<FakeGitHubRequest> _journal = [];
    private readonly Dictionary<string, DateTimeOffset> _registrationTokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _tokenRepositories = new(StringComparer.Ordinal);
    private long _nextId = 1;
    private long _requestCount;
    private int _remaining;
    private DateTimeOffset _resetAt;

    private FakeGitHubServer(WebApplication app, TimeProvider time)
    {
        _app = app;
        Clock = time;
        _remaining = RateLimit;
        _resetAt = time.GetUtcNow().AddHours(1);
    }

    /// <summary>The base URL to put in <c>Netperf:GitHub:ApiBaseUrl</c> (ends with a slash).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The clock the fake uses for token expiry and rate-limit resets.</summary>
    public TimeProvider Clock { get; }

    /// <summary>The primary rate limit per window; default 5000.</summary>
    public int RateLimit { get; } = 5000;

    /// <summary>Answer 422 to DELETE of a busy runner (as GitHub may); default true.</summary>
    public bool RejectBusyDeletes { get; set; } = true;

    /// <summary>Starts the fake on 127.0.0.1 with a random port.</summary>
    /// <param name="timeProvider">The clock; the system clock when <see langword="null"/>.</param>
    /// <returns>The started server.</returns>
    public static async Task<FakeGitHubServer> StartAsync(TimeProvider? timeProvider = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeGitHubServer(app, timeProvider ?? TimeProvider.System);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Every request received so far.</summary>
    public IReadOnlyList<FakeGitHubRequest> Journal
    {
        get
        {
            lock (_gate)
            {
                return _journal.ToList();
            }
        }
    }

    /// <summary>Adds a token with the given permissions.</summary>
    public void AddToken(string token, FakeGitHubPermission permissions)
    {
        lock (_gate)
        {
            _tokens[token] = permissions;
        }
    }

    /// <summary>Adds a repository (<c>repos/o/r</c>) that exists.</summary>
    public void AddRepository(string owner, string repository)
    {
        lock (_gate)
        {
            _scopes.Add($"repos/{owner}/{repository}");
        }
    }

    /// <summary>Injects a fault answered to the next matching request(s).</summary>
    public void AddFault(FakeGitHubFault fault)
    {
        lock (_gate)
        {
            for (var i = 0; i < fault.Times; i++)
            {
                _faults.Add(fault);
            }
        }
    }

    /// <summary>Uses up the primary rate limit until <paramref name="resetAt"/> (answers 403 with remaining 0).</summary>
    public void ExhaustRateLimit(DateTimeOffset resetAt)
    {
        lock (_gate)
        {
            _remaining = 0;
            _resetAt = resetAt;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value?.Trim('/') ?? string.Empty;
        string? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(request.Body);
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        FakeResponse response;
        lock (_gate)
        {
            response = Dispatch(request.Method, path, request.Query, request.Headers.Authorization.ToString(), body);
            _journal.Add(new FakeGitHubRequest(request.Method, request.Path + request.QueryString, response.Status,
                request.Headers.UserAgent.Count > 0, request.Headers["X-GitHub-Api-Version"].FirstOrDefault()));
            response.Headers["X-RateLimit-Limit"] = RateLimit.ToString(CultureInfo.InvariantCulture);
            response.Headers.TryAdd("X-RateLimit-Remaining", _remaining.ToString(CultureInfo.InvariantCulture));
            response.Headers["X-RateLimit-Used"] = (RateLimit - _remaining).ToString(CultureInfo.InvariantCulture);
            response.Headers.TryAdd("X-RateLimit-Reset", _resetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            response.Headers["X-RateLimit-Resource"] = "core";
            response.Headers["X-GitHub-Request-Id"] = $"FAKE:{++_requestCount}";
        }

        if (response.Abort)
        {
            // The request was carried out; its answer never arrives.
            context.Abort();
            return;
        }

        context.Response.StatusCode = response.Status;
        foreach (var (name, value) in response.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (response.Raw is not null)
        {
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(response.Raw).ConfigureAwait(false);
        }
        else if (response.Body is not null)
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(JsonSerializer.Serialize(response.Body, Json)).ConfigureAwait(false);
        }
    }

    private FakeResponse Dispatch(string method, string path, IQueryCollection query, string authorization, string? body)
    {
        if (path.StartsWith("app/installations/", StringComparison.Ordinal))
        {
            return TakeFault(method, path) is { } appFault && !appFault.LoseAnswer ? Faulted(appFault) : IssueInstallationToken(method, path, authorization, body);
        }

        var token = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..]
            : authorization.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? authorization[6..] : null;
        if (token is null || !_tokens.TryGetValue(token, out var permissions) || IsExpiredAppToken(token))
        {
            return Error(401, "Bad credentials");
        }

        var now = Clock.GetUtcNow();
        if (now >= _resetAt)
        {
            _remaining = RateLimit;
            _resetAt = now.AddHours(1);
        }

        if (TakeFault(method, path) is { } fault)
        {
            if (fault.LoseAnswer)
            {
                // Carried out, then the answer is lost (a 5xx from a front end, or a dropped connection).
                _remaining--;
                _ = Route(method, path, query, permissions, _tokenRepositories.GetValueOrDefault(token), body);
            }

            return Faulted(fault);
        }

        if (_remaining <= 0)
        {
            return Error(403, "API rate limit exceeded for user. (But here's the good news: Authenticated requests get a higher rate limit.)");
        }

        _remaining--;
        return Route(method, path, query, permissions, _tokenRepositories.GetValueOrDefault(token), body);
    }

    private FakeGitHubFault? TakeFault(string method, string path)
    {
        var fault = _faults.FirstOrDefault(f =>
            (f.Method is null || string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase))
            && (f.PathContains is null || path.Contains(f.PathContains, StringComparison.OrdinalIgnoreCase)));
        if (fault is not null)
        {
            _faults.Remove(fault);
        }

        return fault;
    }

    private static FakeResponse Faulted(FakeGitHubFault fault)
    {
        var faulted = fault.RawBody is { } raw
            ? new FakeResponse(fault.Status, null) { Raw = raw }
            : Error(fault.Status == 0 ? 502 : fault.Status, fault.Message, documentationUrl: fault.DocumentationUrl);
        faulted.Abort = fault.Status == 0;
        foreach (var (name, value) in fault.Headers)
        {
            faulted.Headers[name] = value;
        }

        return faulted;
    }

    private FakeResponse Route(string method, string path, IQueryCollection query, FakeGitHubPermission permissions, HashSet<string>? repositories, string? body)
    {
        var segments = path.Split('/');
        string scope;
        string[] rest;
        if (segments.Length >= 3 && segments[0] == "repos")
        {
            scope = string.Join('/', segments[..3]);
            rest = segments[3..];
        }
        else if (segments.Length >= 2 && segments[0] == "orgs")
        {
            scope = string.Join('/', segments[..2]);
            rest = segments[2..];
        }
        else
        {
            return Error(404, "Not Found");
        }

        // A token limited to some repositories sees no other (GitHub answers 404, as for a repository that does not exist).
        if (!_scopes.Contains(scope) || (repositories is not null && scope.StartsWith("repos/", StringComparison.Ordinal) && !repositories.Contains(scope["repos/".Length..])))
        {
            return Error(404, "Not Found");
        }

        if (rest.Length >= 2 && rest[0] == "actions" && rest[1] == "runs" && scope.StartsWith("repos/", StringComparison.Ordinal))
        {
            return (permissions & FakeGitHubPermission.ActionsRead) == 0
                ? Error(403, "Resource not accessible by integration")
                : Runs(method, scope, rest[2..], query);
        }

        if (rest.Length >= 2 && rest[0] == "actions" && rest[1] == "runners")
        {
            var needed = scope.StartsWith("orgs/", StringComparison.Ordinal) ? FakeGitHubPermission.OrganizationRunners : FakeGitHubPermission.RepositoryAdministration;
            return (permissions & needed) == 0
                ? Error(403, "Resource not accessible by integration")
                : RunnerEndpoints(method, scope, rest[2..], query, body);
        }

        return Error(404, "Not Found");
    }

    private static FakeResponse Error(int status, string message, object? errors = null, string documentationUrl = "https://docs.github.com/rest") => new(status, errors is null
        ? new Dictionary<string, object?> { ["message"] = message, ["documentation_url"] = documentationUrl, ["status"] = status.ToString(CultureInfo.InvariantCulture) }
        : new Dictionary<string, object?> { ["message"] = message, ["errors"] = errors, ["documentation_url"] = documentationUrl, ["status"] = status.ToString(CultureInfo.InvariantCulture) });

    private FakeResponse Paged<T>(string path, IQueryCollection query, string arrayName, IReadOnlyList<T> items, Func<T, object> shape)
    {
        var perPage = int.TryParse(query["per_page"], CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, 100) : 30;
        var page = int.TryParse(query["page"], CultureInfo.InvariantCulture, out var n) ? Math.Max(n, 1) : 1;
        var last = Math.Max(1, (items.Count + perPage - 1) / perPage);
        var response = new FakeResponse(200, new Dictionary<string, object?>
        {
            ["total_count"] = items.Count,
            [arrayName] = items.Skip((page - 1) * perPage).Take(perPage).Select(shape).ToList(),
        });
        var others = string.Concat(query.Where(q => q.Key is not ("per_page" or "page")).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}&"));
        string Link(int target, string rel) => $"<{BaseUrl}{path}?{others}per_page={perPage}&page={target}>; rel=\"{rel}\"";
        var links = new List<string>();
        if (page < last)
        {
            links.Add(Link(page + 1, "next"));
            links.Add(Link(last, "last"));
        }

        if (page > 1)
        {
            links.Add(Link(1, "first"));
            links.Add(Link(page - 1, "prev"));
        }

        if (links.Count > 0)
        {
            response.Headers["Link"] = string.Join(", ", links);
        }

        return response;
    }

    private sealed class FakeResponse(int status, object? body)
    {
        public int Status { get; } = status;

        public object? Body { get; } = body;

        public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

        public bool Abort { get; set; }

        public string? Raw { get; init; }
    }
}
