using System.Text.Json;
using System.Text.Json.Nodes;

namespace Netperf.Core.Runs;

/// <summary>
/// A run as provisioned: its jobs, each with the pair (and GitHub runner) it runs on, and the pairs. Written to a plan
/// file (<see cref="RunPlanStore"/>) that the run's later steps, its teardown and the janitor read.
/// </summary>
public sealed record RunPlan
{
    /// <summary>The run id (the pairs' <c>netperf-run</c> tag).</summary>
    public required string RunId { get; init; }

    /// <summary>The pairs' <c>netperf-owner</c>.</summary>
    public required string Owner { get; init; }

    /// <summary>Where the run is.</summary>
    public RunPlanState State { get; init; } = RunPlanState.Provisioning;

    /// <summary>When provisioning began.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the pairs expire (the janitor may delete them, and this plan, afterwards).</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The jobs, in matrix order.</summary>
    public IReadOnlyList<RunPlanJob> Jobs { get; init; } = [];

    /// <summary>The pairs that exist for the run (what teardown deletes).</summary>
    public IReadOnlyList<RunPlanPair> Pairs { get; init; } = [];

    /// <summary>The environments the run's pairs are made in (teardown looks there for pairs the plan did not record yet).</summary>
    public IReadOnlyList<string> Environments { get; init; } = [];

    /// <summary>Why provisioning failed, or <see langword="null"/>.</summary>
    public string? Failure { get; init; }

    /// <summary>
    /// The GitHub Actions matrix: <c>{"include":[{"id":..,"os":..,"env":..,"arch":..,"io":..,"tls":..,"optional":..,"pair":..,"reassigned":..,"runs-on":[..]}]}</c>,
    /// one row per job, whose <c>runs-on</c> reaches only that job's runner.
    /// </summary>
    /// <returns>One line of JSON (fits <c>$GITHUB_OUTPUT</c>).</returns>
    public string ToGitHubMatrixJson()
    {
        var include = new JsonArray();
        foreach (var job in Jobs)
        {
            var labels = new JsonArray();
            foreach (var label in job.RunsOn)
            {
                labels.Add(label);
            }

            include.Add(new JsonObject
            {
                ["id"] = job.Id,
                ["os"] = job.Os,
                ["env"] = job.Environment,
                ["arch"] = job.Architecture,
                ["io"] = job.Io,
                ["tls"] = job.Tls,
                ["optional"] = job.Optional,
                ["pair"] = job.PairId,
                ["reassigned"] = job.Reassigned,
                ["runs-on"] = labels,
            });
        }

        return new JsonObject { ["include"] = include }.ToJsonString();
    }
}
