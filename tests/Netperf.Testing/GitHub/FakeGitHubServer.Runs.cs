using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Netperf.Testing.GitHub;

public sealed partial class FakeGitHubServer
{
    /// <summary>Adds (or updates) attempt <paramref name="attempt"/> of workflow run <paramref name="runId"/>.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="attempt">The attempt (1-based); earlier attempts are completed when a later one is added.</param>
    /// <param name="status"><c>queued</c>, <c>in_progress</c>, <c>waiting</c>, <c>pending</c>, <c>requested</c> or <c>completed</c>.</param>
    /// <returns>The run.</returns>
    public FakeWorkflowRun SetWorkflowRun(long runId, long attempt, string status)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var run))
            {
                run = new FakeWorkflowRun(runId);
                _runs[runId] = run;
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
    public void DeleteWorkflowRun(long runId)
    {
        lock (_gate)
        {
            _runs.Remove(runId);
        }
    }

    private FakeResponse Runs(string method, string scope, string[] rest, IQueryCollection query)
    {
        if (method != "GET")
        {
            return Error(404, "Not Found");
        }

        if (rest.Length == 0)
        {
            var status = query["status"].FirstOrDefault();
            var list = _runs.Values.Where(r => status is null || r.Status == status).OrderByDescending(r => r.Id).ToList();
            return Paged($"{scope}/actions/runs", query, "workflow_runs", list, r => Shape(r, r.CurrentAttempt));
        }

        if (!long.TryParse(rest[0], CultureInfo.InvariantCulture, out var id) || !_runs.TryGetValue(id, out var run))
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
