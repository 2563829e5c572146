namespace Netperf.Core.GitHub;

/// <summary>A self-hosted runner as GitHub reports it.</summary>
public sealed record RunnerInfo
{
    /// <summary>GitHub's runner id.</summary>
    public required long Id { get; init; }

    /// <summary>The runner's name (unique within its repository or organization).</summary>
    public required string Name { get; init; }

    /// <summary>The runner's OS as GitHub reports it (<c>linux</c>, <c>windows</c>, <c>unknown</c> before first connection).</summary>
    public string Os { get; init; } = "unknown";

    /// <summary>Whether the runner is connected.</summary>
    public RunnerStatus Status { get; init; }

    /// <summary>True while the runner runs a job; a busy runner is never deleted unless forced.</summary>
    public bool Busy { get; init; }

    /// <summary>True when the runner takes one job and then unregisters itself.</summary>
    public bool Ephemeral { get; init; }

    /// <summary>The runner group id (1 is the Default group).</summary>
    public long RunnerGroupId { get; init; } = 1;

    /// <summary>All labels of the runner, default and custom.</summary>
    public IReadOnlyList<RunnerLabel> Labels { get; init; } = [];

    /// <summary>True when the runner carries <paramref name="label"/> (compared case-insensitively, as GitHub does).</summary>
    /// <param name="label">The label to look for.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool HasLabel(string label) =>
        Labels.Any(l => string.Equals(l.Name, label, StringComparison.OrdinalIgnoreCase));
}
