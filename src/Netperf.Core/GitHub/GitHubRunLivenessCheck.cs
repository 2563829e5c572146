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
/// <see cref="IRunLivenessCheck"/> for GitHub Actions: a run id such as <c>1234-2</c> (or <c>run-1234-2</c>)
/// is workflow run 1234, attempt 2. The check lists the repository's unfinished runs (every page, every
/// unfinished status) once per <see cref="SnapshotLifetime"/>, and asks about a run that is not in that list
/// directly. An earlier attempt of a run that has been re-run counts as ended. Needs repository scope.
/// </summary>
public sealed partial class GitHubRunLivenessCheck : IRunLivenessCheck
{
    private static readonly string[] UnfinishedStatuses = ["in_progress", "queued", "waiting", "pending", "requested"];

    private readonly GitHubApiClient _api;
    private readonly TimeProvider _time;
    private readonly ILogger<GitHubRunLivenessCheck> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<long, long>? _unfinished;
    private DateTimeOffset _snapshotAt;

    /// <summary>Creates the check.</summary>
    /// <param name="httpClientFactory">Supplies the <c>Netperf.GitHub</c> HTTP client.</param>
    /// <param name="options">Where and how to reach GitHub (repository scope).</param>
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

    /// <summary>Parses <c>&lt;runId&gt;-&lt;attempt&gt;</c> (optionally prefixed, such as <c>run-1234-1</c>).</summary>
    /// <param name="runId">The value of the run tag or label.</param>
    /// <param name="workflowRunId">GitHub's workflow run id.</param>
    /// <param name="attempt">The run attempt (1 for the first).</param>
    /// <returns><see langword="true"/> when the value has that shape.</returns>
    public static bool TryParseRunId(string? runId, out long workflowRunId, out long attempt)
    {
        workflowRunId = 0;
        attempt = 0;
        var match = runId is null ? Match.Empty : RunIdPattern().Match(runId.Trim());
        return match.Success
            && long.TryParse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out workflowRunId)
            && long.TryParse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out attempt)
            && attempt >= 1;
    }

    /// <inheritdoc />
    public async Task<RunLiveness> CheckAsync(string runId, CancellationToken cancellationToken = default)
    {
        if (_api.Options.IsOrganizationScope || !TryParseRunId(runId, out var id, out var attempt))
        {
            LogUnknown(_logger, runId, _api.Options.IsOrganizationScope ? "workflow runs need a repository (Netperf:GitHub:Repository)" : "not of the form <runId>-<attempt>");
            return RunLiveness.Unknown;
        }

        try
        {
            var unfinished = await GetUnfinishedAsync(cancellationToken).ConfigureAwait(false);
            if (unfinished.TryGetValue(id, out var currentAttempt))
            {
                return attempt >= currentAttempt ? RunLiveness.Alive : RunLiveness.Ended;
            }

            return await AskAsync(id, attempt, cancellationToken).ConfigureAwait(false);
        }
        catch (GitHubApiException ex)
        {
            LogUnknown(_logger, runId, ex.Message);
            return RunLiveness.Unknown;
        }
    }

    private async Task<RunLiveness> AskAsync(long id, long attempt, CancellationToken cancellationToken)
    {
        var path = $"repos/{Uri.EscapeDataString(_api.Options.Owner!)}/{Uri.EscapeDataString(_api.Options.Repository!)}/actions/runs/{id}/attempts/{attempt}";
        using var response = await _api.SendAsync(HttpMethod.Get, path, null, GitHubOperation.WorkflowRuns($"get workflow run {id} attempt {attempt}"), cancellationToken, HttpStatusCode.NotFound).ConfigureAwait(false);

        // The listing just succeeded, so a 404 here means the run is gone, not that the token cannot see it.
        if (response.Status == HttpStatusCode.NotFound)
        {
            return RunLiveness.Ended;
        }

        return IsUnfinished(GitHubJson.ReadString(response.Root, "status")) ? RunLiveness.Alive : RunLiveness.Ended;
    }

    private async Task<Dictionary<long, long>> GetUnfinishedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_unfinished is not null && _time.GetUtcNow() - _snapshotAt < SnapshotLifetime)
            {
                return _unfinished;
            }

            var prefix = $"repos/{Uri.EscapeDataString(_api.Options.Owner!)}/{Uri.EscapeDataString(_api.Options.Repository!)}/actions/runs";
            var runs = new Dictionary<long, long>();
            foreach (var status in UnfinishedStatuses)
            {
                var page = await _api.GetAllPagesAsync(
                    $"{prefix}?status={status}",
                    "workflow_runs",
                    e => (Id: e.GetProperty("id").GetInt64(), Attempt: e.TryGetProperty("run_attempt", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt64() : 1),
                    GitHubOperation.WorkflowRuns($"list {status} workflow runs"),
                    cancellationToken).ConfigureAwait(false);
                foreach (var (runId, runAttempt) in page)
                {
                    runs[runId] = Math.Max(runAttempt, runs.GetValueOrDefault(runId));
                }
            }

            _unfinished = runs;
            _snapshotAt = _time.GetUtcNow();
            return runs;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static bool IsUnfinished(string? status) =>
        status is not null && UnfinishedStatuses.Contains(status, StringComparer.OrdinalIgnoreCase);

    [GeneratedRegex(@"(?:^|-)(\d+)-(\d+)$")]
    private static partial Regex RunIdPattern();

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Cannot tell whether run {RunId} is alive: {Reason}")]
    private static partial void LogUnknown(ILogger logger, string runId, string reason);
}
