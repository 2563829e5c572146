using Netperf.Core.Pairs;

namespace Netperf.Core.Janitor;

/// <summary>The janitor's decision about one pair.</summary>
public sealed record JanitorDecision
{
    /// <summary>The pair as its provider listed it.</summary>
    public required PairRecord Record { get; init; }

    /// <summary>Keep or delete.</summary>
    public required JanitorAction Action { get; init; }

    /// <summary>Why.</summary>
    public required JanitorReason Reason { get; init; }

    /// <summary>A sentence for people (expiry, run state).</summary>
    public required string Detail { get; init; }
}
