using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.GitHub.Internal;

namespace Netperf.Core.GitHub;

/// <summary>
/// <see cref="IRunnerRegistry"/> over GitHub's REST API (repository or organization runners, from
/// <see cref="GitHubOptions"/>). Lists follow every page; rate limits are waited out on the injected
/// clock; tokens and JIT configurations never reach a log or an exception.
/// </summary>
public sealed partial class GitHubRunnerRegistry : IRunnerRegistry
{
    private readonly GitHubApiClient _api;
    private readonly ILogger<GitHubRunnerRegistry> _logger;
    private readonly string _prefix;
    private readonly bool _org;

    /// <summary>Creates the registry.</summary>
    /// <param name="httpClientFactory">Supplies the <c>Netperf.GitHub</c> HTTP client.</param>
    /// <param name="options">Where and how to reach GitHub.</param>
    /// <param name="timeProvider">The clock for rate-limit waits and timeouts.</param>
    /// <param name="logger">The logger (never given a secret).</param>
    public GitHubRunnerRegistry(IHttpClientFactory httpClientFactory, IOptions<GitHubOptions> options, TimeProvider timeProvider, ILogger<GitHubRunnerRegistry> logger)
        : this(GitHubApiClientFactory.Create(httpClientFactory, options, timeProvider, logger), logger)
    {
    }

    internal GitHubRunnerRegistry(GitHubApiClient api, ILogger<GitHubRunnerRegistry> logger)
    {
        _api = api;
        _logger = logger;
        var o = api.Options;
        _org = o.IsOrganizationScope;
        _prefix = _org
            ? $"orgs/{Uri.EscapeDataString(o.Owner!)}/actions/runners"
            : $"repos/{Uri.EscapeDataString(o.Owner!)}/{Uri.EscapeDataString(o.Repository!)}/actions/runners";
        Scope = _org ? $"org {o.Owner}" : $"repo {o.Owner}/{o.Repository}";
        RegistrationUrl = new Uri(o.WebBaseUrl, _org ? o.Owner : $"{o.Owner}/{o.Repository}");
    }

    /// <inheritdoc />
    public string Scope { get; }

    /// <inheritdoc />
    public Uri RegistrationUrl { get; }

    /// <inheritdoc />
    public async Task<RunnerRegistrationToken> CreateRegistrationTokenAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _api.SendAsync(HttpMethod.Post, $"{_prefix}/registration-token", null, Op("create a runner registration token", write: true), cancellationToken).ConfigureAwait(false);
        var token = GitHubJson.ReadString(response.Root, "token")
            ?? throw new GitHubApiException($"GitHub's registration-token answer for {Scope} had no token.");
        var expires = GitHubJson.ReadTime(response.Root, "expires_at") ?? DateTimeOffset.MinValue;
        LogRegistrationToken(_logger, Scope, expires);
        return new RunnerRegistrationToken(token, expires);
    }

    /// <inheritdoc />
    public async Task<JitRunnerConfig> CreateJitConfigAsync(JitRunnerRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name);
        RunnerLabels.Validate(request.Labels);
        var labels = RunnerLabels.Defaults(request.Os, request.Architecture).Concat(request.Labels)
            .DistinctBy(l => l, StringComparer.OrdinalIgnoreCase)
            .ToList();
        if (labels.Count > 100)
        {
            throw new ArgumentException($"A runner may have at most 100 labels; {labels.Count} were given.", nameof(request));
        }

        var body = new Dictionary<string, object>
        {
            ["name"] = request.Name,
            ["runner_group_id"] = request.RunnerGroupId ?? _api.Options.RunnerGroupId,
            ["labels"] = labels,
            ["work_folder"] = request.WorkFolder,
        };
        using var response = await GenerateJitConfigAsync(request.Name, body, cancellationToken).ConfigureAwait(false);
        var runner = GitHubJson.ReadRunner(response.Root.GetProperty("runner"));
        var config = GitHubJson.ReadString(response.Root, "encoded_jit_config")
            ?? throw new GitHubApiException($"GitHub's generate-jitconfig answer for '{request.Name}' had no encoded_jit_config.");
        var labelText = string.Join(',', labels);
        LogJitCreated(_logger, runner.Name, runner.Id, Scope, labelText);
        return new JitRunnerConfig(runner, config);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunnerInfo>> ListRunnersAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        var path = name is null ? _prefix : $"{_prefix}?name={Uri.EscapeDataString(name)}";
        return await _api.GetAllPagesAsync(path, "runners", GitHubJson.ReadRunner, Op("list runners", write: false), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<RunnerInfo?> GetRunnerAsync(long runnerId, CancellationToken cancellationToken = default)
    {
        using var response = await _api.SendAsync(HttpMethod.Get, $"{_prefix}/{runnerId}", null, Op($"get runner {runnerId}", write: false), cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.Status == HttpStatusCode.NotFound ? null : GitHubJson.ReadRunner(response.Root);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunnerLabel>> AddLabelsAsync(long runnerId, IEnumerable<string> labels, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var list = labels.ToList();
        RunnerLabels.Validate(list);
        using var response = await _api.SendAsync(HttpMethod.Post, $"{_prefix}/{runnerId}/labels", new Dictionary<string, object> { ["labels"] = list }, Op($"add labels to runner {runnerId}", write: true), cancellationToken).ConfigureAwait(false);
        return GitHubJson.ReadLabels(response.Root.GetProperty("labels"));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RunnerLabel>> RemoveLabelAsync(long runnerId, string label, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(label);
        var op = Op($"remove label '{label}' from runner {runnerId}", write: true);
        using var response = await _api.SendAsync(HttpMethod.Delete, $"{_prefix}/{runnerId}/labels/{Uri.EscapeDataString(label)}", null, op, cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.NotFound)
        {
            return GitHubJson.ReadLabels(response.Root.GetProperty("labels"));
        }

        // 404 means either "no such label" (fine) or "no such runner" (not fine): ask which.
        var runner = await GetRunnerAsync(runnerId, cancellationToken).ConfigureAwait(false)
            ?? throw new GitHubApiException($"Runner {runnerId} does not exist in {Scope}; its label '{label}' cannot be removed.") { StatusCode = HttpStatusCode.NotFound, Operation = op.Description };
        return runner.Labels;
    }

    /// <inheritdoc />
    public async Task<bool> DeleteRunnerAsync(long runnerId, bool force = false, CancellationToken cancellationToken = default)
    {
        var runner = await GetRunnerAsync(runnerId, cancellationToken).ConfigureAwait(false);
        if (runner is null)
        {
            return false;
        }

        if (runner.Busy && !force)
        {
            LogBusyRefused(_logger, runner.Name, runnerId);
            throw new RunnerBusyException($"Runner '{runner.Name}' (id {runnerId}) in {Scope} is running a job, so it was not deleted. Delete it after the job ends, or pass force to fail the job.")
            {
                RunnerId = runnerId,
            };
        }

        var op = Op($"delete runner {runnerId}", write: true);
        using var response = await _api.SendAsync(HttpMethod.Delete, $"{_prefix}/{runnerId}", null, op, cancellationToken, HttpStatusCode.NotFound, HttpStatusCode.UnprocessableEntity).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.UnprocessableEntity)
        {
            // GitHub refuses to delete a runner that took a job meanwhile.
            throw new RunnerBusyException($"GitHub refused to delete runner '{runner.Name}' (id {runnerId}, HTTP 422): it is probably running a job now. Retry after the job ends.")
            {
                RunnerId = runnerId,
            };
        }

        var deleted = response.Status != HttpStatusCode.NotFound;
        if (deleted)
        {
            LogDeleted(_logger, runner.Name, runnerId, Scope, runner.Busy);
        }

        return deleted;
    }

    /// <summary>
    /// generate-jitconfig, retried after a 5xx answer or a timeout: GitHub may have made the runner before the answer
    /// was lost (bursts of 503 are reported, and the retry then gets 409). Before each retry, and when the last try or
    /// the caller gives up, the runner of that name made by the attempt whose answer was lost is looked up and deleted
    /// (its JIT configuration never arrived, so it cannot be reused). A 409 is resolved that way only after such an
    /// attempt, never on the first try, so a runner someone else named the same is never touched.
    /// </summary>
    private async Task<GitHubResponse> GenerateJitConfigAsync(string name, Dictionary<string, object> body, CancellationToken cancellationToken)
    {
        const int attempts = 3;
        var op = Op($"create a just-in-time runner '{name}'", write: true);
        var uncertain = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _api.SendAsync(HttpMethod.Post, $"{_prefix}/generate-jitconfig", body, op, cancellationToken).ConfigureAwait(false);
            }
            catch (GitHubApiException ex) when (IsLost(ex, cancellationToken) || (uncertain && ex.StatusCode == HttpStatusCode.Conflict))
            {
                uncertain = true;
                if (attempt >= attempts)
                {
                    await DeleteOrphansAsync(name, CancellationToken.None).ConfigureAwait(false);
                    throw;
                }

                LogJitRetry(_logger, name, attempt, ex.StatusCode is { } status ? ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer");
                await Task.Delay(TimeSpan.FromSeconds(2 << attempt), _api.Time, cancellationToken).ConfigureAwait(false);
                await DeleteOrphansAsync(name, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Cancelled while the request was out: GitHub may have made the runner.
                await DeleteOrphansAsync(name, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Deletes the idle, offline runners named <paramref name="name"/> (made by a generate-jitconfig whose answer was lost); bounded on its own when the caller's token is gone.</summary>
    private async Task DeleteOrphansAsync(string name, CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1), _api.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        try
        {
            foreach (var orphan in await ListRunnersAsync(name, linked.Token).ConfigureAwait(false))
            {
                if (orphan.Status == RunnerStatus.Offline && !orphan.Busy)
                {
                    await DeleteRunnerAsync(orphan.Id, force: false, linked.Token).ConfigureAwait(false);
                    LogJitOrphanDeleted(_logger, orphan.Name, orphan.Id);
                }
            }
        }
        catch (Exception e) when (e is GitHubApiException or RunnerBusyException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogJitOrphanLeft(_logger, name, e.Message);
        }
    }

    // A 5xx, no answer in time, or a connection dropped without an answer: the runner may or may not exist.
    private static bool IsLost(GitHubApiException ex, CancellationToken cancellationToken) =>
        ex.StatusCode is { } status
            ? (int)status >= 500
            : ex.InnerException is HttpRequestException || (ex.InnerException is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private GitHubOperation Op(string description, bool write) => GitHubOperation.Runners(description, _org, write);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Created a runner registration token for {Scope}, valid until {ExpiresAt:O}")]
    private static partial void LogRegistrationToken(ILogger logger, string scope, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Information, Message = "Created just-in-time runner {Name} (id {RunnerId}) in {Scope} with labels {Labels}")]
    private static partial void LogJitCreated(ILogger logger, string name, long runnerId, string scope, string labels);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Deleted runner {Name} (id {RunnerId}) from {Scope} (was busy: {Busy})")]
    private static partial void LogDeleted(ILogger logger, string name, long runnerId, string scope, bool busy);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Warning, Message = "Not deleting runner {Name} (id {RunnerId}): it is running a job")]
    private static partial void LogBusyRefused(ILogger logger, string name, long runnerId);

    [LoggerMessage(EventId = 4114, Level = LogLevel.Warning, Message = "generate-jitconfig for {Name} failed (attempt {Attempt}, {Status}); GitHub may have made the runner: looking it up before retrying")]
    private static partial void LogJitRetry(ILogger logger, string name, int attempt, string status);

    [LoggerMessage(EventId = 4115, Level = LogLevel.Warning, Message = "Deleted runner {Name} (id {RunnerId}), made by a generate-jitconfig attempt whose answer was lost")]
    private static partial void LogJitOrphanDeleted(ILogger logger, string name, long runnerId);

    [LoggerMessage(EventId = 4116, Level = LogLevel.Error, Message = "Could not look up or delete runner {Name} after a lost generate-jitconfig answer: {Reason}; the runner janitor will remove it")]
    private static partial void LogJitOrphanLeft(ILogger logger, string name, string reason);
}
