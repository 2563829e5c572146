namespace Netperf.Core.GitHub;

/// <summary>One label of a self-hosted runner.</summary>
public sealed record RunnerLabel
{
    /// <summary>The label text, as <c>runs-on</c> matches it (case-insensitively).</summary>
    public required string Name { get; init; }

    /// <summary>Whether the label is a default (read-only) or a custom label.</summary>
    public RunnerLabelType Type { get; init; } = RunnerLabelType.Custom;
}
