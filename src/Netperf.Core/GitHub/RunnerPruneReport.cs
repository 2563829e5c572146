namespace Netperf.Core.GitHub;

/// <summary>What one runner janitor pass found and did.</summary>
public sealed record RunnerPruneReport
{
    /// <summary>True when nothing was deleted on purpose.</summary>
    public required bool DryRun { get; init; }

    /// <summary>One decision per Netperf runner (runners without the <c>netperf</c> label are never looked at).</summary>
    public required IReadOnlyList<RunnerPruneDecision> Decisions { get; init; }

    /// <summary>The runners deleted (or, in a dry run, that would be).</summary>
    public IEnumerable<RunnerInfo> Removed => Decisions
        .Where(d => d.Action is RunnerPruneAction.Deleted or RunnerPruneAction.WouldDelete)
        .Select(d => d.Runner);
}
