namespace Netperf.Core.GitHub;

/// <summary>The janitor's decision about one Netperf runner, with the reason.</summary>
public sealed record RunnerPruneDecision
{
    /// <summary>The runner as listed.</summary>
    public required RunnerInfo Runner { get; init; }

    /// <summary>What was done.</summary>
    public required RunnerPruneAction Action { get; init; }

    /// <summary>Why, in words.</summary>
    public required string Reason { get; init; }
}
