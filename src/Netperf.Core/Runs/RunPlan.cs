using Netperf.Core.GitHub.Internal;

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
    public string ToGitHubMatrixJson() =>
        MatrixJsonWriter.Write(
            Jobs.Select(job => MatrixJsonWriter.Row(
                job.Id, job.Os, job.Environment, job.Architecture, job.Io, job.Tls, job.Optional, job.RunsOn,
                [new("pair", job.PairId), new("reassigned", job.Reassigned)])),
            indented: false);
}
