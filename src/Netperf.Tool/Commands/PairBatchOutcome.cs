using Netperf.Core.Pool;

namespace Netperf.Tool.Commands;

/// <summary>What <see cref="PairBatch.CreateAsync"/> ended with: every pair kept, or none and why.</summary>
internal sealed record PairBatchOutcome
{
    /// <summary>The ready pairs; empty unless every pair was made.</summary>
    public required IReadOnlyList<ProvisionedPair> Kept { get; init; }

    /// <summary>True when the caller cancelled (a signal).</summary>
    public bool Cancelled { get; init; }

    /// <summary>Why pairs could not be made (empty when cancelled or kept).</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Why the provider refused the request before making anything (<see cref="Netperf.Core.Pairs.PairRequestException"/>), if it did.</summary>
    public string? Refused { get; init; }

    /// <summary>Ids of pairs that may still exist because the cleanup could not delete them (in time).</summary>
    public IReadOnlyList<string> Left { get; init; } = [];

    /// <summary>Why the cleanup stopped early (a second Ctrl+C, the timeout), when something was left.</summary>
    public string? CleanupStopReason { get; init; }
}
