namespace Netperf.Core.GitHub;

/// <summary>What to ask GitHub for when creating a just-in-time (ephemeral, single-job) runner.</summary>
public sealed record JitRunnerRequest
{
    /// <summary>The runner name; must be unique in the repository or organization (GitHub answers 409 otherwise).</summary>
    public required string Name { get; init; }

    /// <summary>
    /// The custom labels (for example from <see cref="RunnerLabels.ForPair(Pairs.VmPair, string?)"/>). The default labels
    /// (<c>self-hosted</c>, OS, architecture) are added by the registry from <see cref="Os"/> and <see cref="Architecture"/>.
    /// </summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The runner's OS: <c>linux</c> or <c>windows</c>; defaults to <c>linux</c>.</summary>
    public string Os { get; init; } = "linux";

    /// <summary>The runner's architecture: <c>x64</c>, <c>arm64</c> or <c>arm</c>; defaults to <c>x64</c>.</summary>
    public string Architecture { get; init; } = "x64";

    /// <summary>The runner group id; <see langword="null"/> uses <see cref="GitHubOptions.RunnerGroupId"/>.</summary>
    public long? RunnerGroupId { get; init; }

    /// <summary>The runner's work folder, relative to its install folder; defaults to <c>_work</c>.</summary>
    public string WorkFolder { get; init; } = "_work";
}
