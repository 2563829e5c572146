using Netperf.Core.Pairs;

namespace Netperf.Core.Pool;

/// <summary>What the pool knows about one of its pairs at a moment.</summary>
public sealed record PairSnapshot
{
    /// <summary>The pair id.</summary>
    public required string Id { get; init; }

    /// <summary>The spec it was made for.</summary>
    public required MachineSpec Spec { get; init; }

    /// <summary>Its lifecycle state.</summary>
    public required PairState State { get; init; }

    /// <summary>How many jobs hold it now.</summary>
    public required int ActiveLeases { get; init; }

    /// <summary>How many leases it has been given in total.</summary>
    public required int LeasesServed { get; init; }

    /// <summary>Why it failed, when it did.</summary>
    public string? FailureReason { get; init; }
}
