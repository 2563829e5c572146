namespace Netperf.Core.Runs;

/// <summary>A pair of a <see cref="RunPlan"/>.</summary>
public sealed record RunPlanPair
{
    /// <summary>The pair id.</summary>
    public required string Id { get; init; }

    /// <summary>The environment that made it.</summary>
    public required string Environment { get; init; }

    /// <summary>The OS image.</summary>
    public required string Image { get; init; }

    /// <summary>The CPU architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>The provider-specific size, or <see langword="null"/>.</summary>
    public string? Size { get; init; }

    /// <summary>The client's first address, for people.</summary>
    public string? ClientAddress { get; init; }

    /// <summary>The peer's first address, for people.</summary>
    public string? PeerAddress { get; init; }
}
