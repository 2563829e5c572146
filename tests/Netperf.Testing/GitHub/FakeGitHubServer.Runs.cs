using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Netperf.Testing.GitHub;

public sealed partial class FakeGitHubServer
{
    /// <summary>GitHub returns at most this many workflow runs for a list filtered by status (or actor, branch, event...).</summary>
    public const int FilteredRunListCap = 1000;

    /// <summary>Adds (or updates) attempt <paramref name="attempt"/> of workflow run <paramref name="runId"/> of a repository.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="attempt">The attempt (1-based); earlier attempts are completed when a later one is added.</param>
    /// <param name="status"><c>queued</c>, <c>in_progress</c>, <c>waiting</c>, <c>pending</c>, <c>requested</c> or <c>completed</c>.</param>
    /// <param name="repository">The repository, <c>owner/repo</c>; default <c>netperf/netperf</c> (added when new).</param>
    /// <returns>The run.</returns>
    public FakeWorkflowRun SetWorkflowRun(long runId, long attempt, string status, string repository = "netperf/netperf")
    {
        lock (_gate)
        {
            _scopes.Add("repos/" + repository);
            if (!_runs.TryGetValue((repository.ToLowerInvariant(), runId), out var run))
            {
                run = new FakeWorkflowRun(runId, repository);
                _runs[(repository.ToLowerInvariant(), runId)] = run;
            }

            foreach (var earlier in run.Attempts.Keys.Where(a => a < attempt).ToList())
            {
                run.Attempts[earlier] = "completed";
            }

            run.Attempts[attempt] = status;
            return run;
        }
    }

    /// <summary>Deletes a workflow run (GitHub then answers 404 for it).</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="repository">The repository; default <c>netperf/netperf</c>.</param>
    public void DeleteWorkflowRun(long runId, string repository = "netperf/netperf")
    {
        lock (_gate)
        {
            _runs.Remove((repository.ToLowerInvariant(), runId));
        }
    }

    private FakeResponse Runs(string method, string scope, string[] rest, IQueryCollection query)
    {
        if (method != "GET")
        {
            return Error(404, "Not Found");
        }

        var repository = scope["repos/".Length..].ToLowerInvariant();
        if (rest.Length == 0)
        {
            var status = query["status"].FirstOrDefault();
            var list = _runs.Values.Where(r => r.Repository.Equals(repository, StringComparison.OrdinalIgnoreCase) && (status is null || r.Status == status))
                .OrderByDescending(r => r.Id).ToList();

            // Documented: a list filtered by actor, branch, check_suite_id, created, event, head_sha or status returns at most 1,000 runs.
            var filtered = new[] { "actor", "branch", "check_suite_id", "created", "event", "head_sha", "status" }.Any(f => query.ContainsKey(f));
            var count = list.Count;
            if (filtered && list.Count > FilteredRunListCap)
            {
                list = list.Take(FilteredRunListCap).ToList();
            }

            var response = Paged($"{scope}/actions/runs", query, "workflow_runs", list, r => Shape(r, r.CurrentAttempt));
            ((Dictionary<string, object?>)response.Body!)["total_count"] = count;
            return response;
        }

        if (!long.TryParse(rest[0], CultureInfo.InvariantCulture, out var id) || !_runs.TryGetValue((repository, id), out var run))
        {
            return Error(404, "Not Found");
        }

        return rest[1..] switch
        {
            [] => new FakeResponse(200, Shape(run, run.CurrentAttempt)),
            ["attempts", var a] when long.TryParse(a, CultureInfo.InvariantCulture, out var attempt) && run.Attempts.ContainsKey(attempt)
                => new FakeResponse(200, Shape(run, attempt)),
            _ => Error(404, "Not Found"),
        };
    }

    private static Dictionary<string, object?> Shape(FakeWorkflowRun run, long attempt)
    {
        var status = run.Attempts.GetValueOrDefault(attempt, "queued");
        return new Dictionary<string, object?>
        {
            ["id"] = run.Id,
            ["name"] = "netperf",
            ["run_number"] = run.Id % 1000,
            ["run_attempt"] = attempt,
            ["status"] = status,
            ["conclusion"] = status == "completed" ? "success" : null,
            ["event"] = "workflow_dispatch",
        };
    }
}
