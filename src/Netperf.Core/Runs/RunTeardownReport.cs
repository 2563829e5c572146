namespace Netperf.Core.Runs;

/// <summary>What <see cref="RunPlanner.TeardownAsync"/> removed and what it could not.</summary>
public sealed record RunTeardownReport
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The runners removed from GitHub.</summary>
    public IReadOnlyList<string> RunnersRemoved { get; init; } = [];

    /// <summary>The pairs deleted (<c>environment/id</c>).</summary>
    public IReadOnlyList<string> PairsDeleted { get; init; } = [];

    /// <summary>The runner folders removed from this machine (those of <c>local</c> pairs, whose client is this machine).</summary>
    public IReadOnlyList<string> RunnerFoldersRemoved { get; init; } = [];

    /// <summary>True when the run's plan file was removed.</summary>
    public bool PlanRemoved { get; init; }

    /// <summary>What failed, one line each; the janitor removes what is left once it expires.</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>True when nothing failed.</summary>
    public bool Succeeded => Failures.Count == 0;
}
