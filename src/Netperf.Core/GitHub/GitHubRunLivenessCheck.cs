using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Janitor;
using Netperf.Core.GitHub.Internal;

namespace Netperf.Core.GitHub;

/// <summary>
/// <see cref="IRunLivenessCheck"/> for GitHub Actions. A run id names its repository: <c>owner/repo/1234-2</c> is
/// workflow run 1234, attempt 2, of <c>owner/repo</c> (see <see cref="FormatRunId"/>; a GitHub workflow sets it from
/// <c>github.repository</c>, <c>github.run_id</c> and <c>github.run_attempt</c>). A run is <see cref="RunLiveness.Ended"/>
/// only when GitHub says so for that repository: the attempt is completed, or a later attempt of the run exists.
/// Everything it cannot judge is <see cref="RunLiveness.Unknown"/> and logged (event 4120) with the reason, so the
/// janitor keeps it and reports it: a run id without a repository (such as <c>1234-2</c>, or a name that merely
/// ends in two numbers), a 404 (a deleted run, or one the token may not see: GitHub answers both alike), an error.
/// The check lists each repository's unfinished runs (every page, every unfinished status; GitHub returns at most
/// 1,000 per status) once per <see cref="SnapshotLifetime"/>, and asks about a run that is not in that list directly.
/// The token needs <c>Actions: read</c> on the repositories the run ids name.
/// </summary>
public sealed partial class GitHubRunLivenessCheck : IRunLivenessCheck
{
    private static readonly string[] UnfinishedStatuses = ["in_progress", "queued", "waiting", "pending", "requested"];

    private readonly GitHubApiClient _api;
    private readonly TimeProvider _time;
    private readonly ILogger<GitHubRunLivenessCheck> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, (DateTimeOffset At, Dictionary<long, long> Runs)> _unfinished = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the check.</summary>
    /// <param name="httpClientFactory">Supplies the <c>Netperf.GitHub</c> HTTP client.</param>
    /// <param name="options">Where and how to reach GitHub.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="logger">The logger.</param>
    public GitHubRunLivenessCheck(IHttpClientFactory httpClientFactory, IOptions<GitHubOptions> options, TimeProvider timeProvider, ILogger<GitHubRunLivenessCheck> logger)
        : this(GitHubApiClientFactory.Create(httpClientFactory, options, timeProvider, logger), timeProvider, logger)
    {
    }

    internal GitHubRunLivenessCheck(GitHubApiClient api, TimeProvider timeProvider, ILogger<GitHubRunLivenessCheck> logger)
    {
        _api = api;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>How long a listing of unfinished runs is reused; default 30 seconds.</summary>
    public TimeSpan SnapshotLifetime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The run id of a GitHub workflow run attempt, naming its repository: <c>owner/repo/1234-1</c>.</summary>
    /// <param name="repository">The repository, <c>owner/repo</c> (as <c>github.repository</c> gives it).</param>
    /// <param name="workflowRunId">The workflow run id (<c>github.run_id</c>).</param>
    /// <param name="attempt">The attempt, 1 for the first (<c>github.run_attempt</c>).</param>
    /// <returns>The run id for the <c>netperf-run</c> tag.</returns>
    /// <exception cref="ArgumentException"><paramref name="repository"/> is not <c>owner/repo</c>, or the numbers are not positive.</exception>
    public static string FormatRunId(string repository, long workflowRunId, long attempt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(repository);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workflowRunId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(attempt);
        var value = string.Create(CultureInfo.InvariantCulture, $"{repository.Trim()}/{workflowRunId}-{attempt}");
        return TryParseRunId(value, out _, out _, out _)
            ? value
            : throw new ArgumentException($"'{repository}' is not a repository of the form owner/repo.", nameof(repository));
    }

    /// <summary>Parses a run id that names its repository: <c>owner/repo/&lt;runId&gt;-&lt;attempt&gt;</c>; nothing else.</summary>
    /// <param name="runId">The value of the run tag.</param>
    /// <param name="repository">The repository, <c>owner/repo</c>.</param>
    /// <param name="workflowRunId">GitHub's workflow run id.</param>
    /// <param name="attempt">The run attempt (1 for the first).</param>
    /// <returns><see langword="true"/> when the value has that shape.</returns>
    public static bool TryParseRunId(string? runId, out string repository, out long workflowRunId, out long attempt)
    {
        repository = string.Empty;
        workflowRunId = 0;
        attempt = 0;
        var match = runId is null ? Match.Empty : RunIdPattern().Match(runId.Trim());
        if (!match.Success
            || !long.TryParse(match.Groups["run"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out workflowRunId)
            || !long.TryParse(match.Groups["attempt"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out attempt)
            || workflowRunId < 1 || attempt < 1)
        {
            workflowRunId = 0;
            attempt = 0;
            return false;
        }

        repository = match.Groups["owner"].Value + "/" + match.Groups["repo"].Value;
        return true;
    }

    /// <inheritdoc />
    public async Task<RunLiveness> CheckAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (!TryParseRunId(runId, out var repository, out var id, out var attempt))
        {
            LogUnknown(_logger, runId, "it does not name a GitHub repository and run (owner/repo/<run id>-<attempt>, such as octo/app/1234-1); kept");
            return RunLiveness.Unknown;
        }

        try
        {
            var unfinished = await GetUnfinishedAsync(repository, cancellationToken).ConfigureAwait(false);
            if (unfinished.TryGetValue(id, out var currentAttempt))
            {
                // GitHub lists a later attempt of this run as unfinished: this one has completed.
                return attempt >= currentAttempt ? RunLiveness.Alive : RunLiveness.Ended;
            }

            return await AskAsync(runId, repository, id, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException ex)
        {
            LogUnknown(_logger, runId, ex.Message);
            return RunLiveness.Unknown;
        }
    }

    private async Task<RunLiveness> AskAsync(string runId, string repository, long id, long attempt, CancellationToken cancellationToken)
    {
        var path = $"repos/{RepositoryPath(repository)}/actions/runs/{id}/attempts/{attempt}";
        using var response = await _api.SendAsync(HttpMethod.Get, path, null, GitHubOperation.WorkflowRuns($"get workflow run {id} attempt {attempt} of {repository}"), cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.Status == HttpStatusCode.NotFound)
        {
            // GitHub answers 404 alike for a deleted run and for one the token may not see: not a proof that it ended.
            LogNotFound(_logger, runId, id, attempt, repository);
            return RunLiveness.Unknown;
        }

        var status = GitHubJson.ReadString(response.Root, "status");
        if (IsUnfinished(status))
        {
            return RunLiveness.Alive;
        }

        if (string.Equals(status, "completed", StringComparison.OrdinalIgnoreCase))
        {
            return RunLiveness.Ended;
        }

        LogOddStatus(_logger, runId, status ?? "(none)");
        return RunLiveness.Unknown;
    }

    private async Task<Dictionary<long, long>> GetUnfinishedAsync(string repository, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_unfinished.TryGetValue(repository, out var cached) && _time.GetUtcNow() - cached.At < SnapshotLifetime)
            {
                return cached.Runs;
            }

            var runs = new Dictionary<long, long>();
            foreach (var status in UnfinishedStatuses)
            {
                // GitHub returns at most 1,000 runs for a status filter; a run beyond that is asked about directly.
                var page = await _api.GetAllPagesAsync(
                    $"repos/{RepositoryPath(repository)}/actions/runs?status={status}",
                    "workflow_runs",
                    e => (Id: e.GetProperty("id").GetInt64(), Attempt: e.TryGetProperty("run_attempt", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt64() : 1),
                    GitHubOperation.WorkflowRuns($"list {status} workflow runs of {repository}"),
                    cancellationToken).ConfigureAwait(false);
                foreach (var (runId, runAttempt) in page)
                {
                    runs[runId] = Math.Max(runAttempt, runs.GetValueOrDefault(runId));
                }
            }

            _unfinished[repository] = (_time.GetUtcNow(), runs);
            return runs;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string RepositoryPath(string repository)
    {
        var parts = repository.Split('/');
        return Uri.EscapeDataString(parts[0]) + "/" + Uri.EscapeDataString(parts[1]);
    }

    private static bool IsUnfinished(string? status) =>
        status is not null && UnfinishedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase);

    // GitHub's owner names: letters, digits and single hyphens; repository names: letters, digits, '.', '-', '_'.
    [GeneratedRegex(@"^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<repo>[A-Za-z0-9._-]{1,100})/(?<run>\d{1,19})-(?<attempt>\d{1,9})$")]
    private static partial Regex RunIdPattern();

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Cannot tell whether run {RunId} is alive: {Reason}")]
    private static partial void LogUnknown(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Cannot tell whether run {RunId} is alive: GitHub answered 404 for run {WorkflowRunId} attempt {Attempt} of {Repository} (a deleted run, or a token without Actions: read there); kept")]
    private static partial void LogNotFound(ILogger logger, string runId, long workflowRunId, long attempt, string repository);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Information, Message = "Cannot tell whether run {RunId} is alive: GitHub gave it the status '{Status}'; kept")]
    private static partial void LogOddStatus(ILogger logger, string runId, string status);
}
