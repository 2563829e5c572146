namespace Netperf.Lab.Health;

/// <summary>A host's health as the provider sees it.</summary>
public sealed record LabHostStatus
{
    /// <summary>The host's name.</summary>
    public required string Host { get; init; }

    /// <summary>Failures (create, reset, bootstrap) since the last success.</summary>
    public required int ConsecutiveFailures { get; init; }

    /// <summary>True when the host takes no jobs until a lab owner clears it.</summary>
    public required bool IsQuarantined { get; init; }

    /// <summary>Why the host was quarantined, or the last failure; <see langword="null"/> when healthy.</summary>
    public string? Reason { get; init; }

    /// <summary>When the host was quarantined.</summary>
    public DateTimeOffset? QuarantinedAt { get; init; }
}
