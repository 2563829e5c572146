namespace Netperf.Core.Pairs;

/// <summary>A request for one pair.</summary>
public sealed record PairRequest
{
    /// <summary>What the pair must be.</summary>
    public required MachineSpec Spec { get; init; }

    /// <summary>Who owns the pair; written to <see cref="OwnershipTags.Owner"/>.</summary>
    public required string Owner { get; init; }

    /// <summary>The run id and attempt (for example <c>run-1234-1</c>); written to <see cref="OwnershipTags.Run"/>.</summary>
    public required string RunId { get; init; }

    /// <summary>How long the pair may live before the janitor may delete it.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(2);

    /// <summary>An id to use for the pair; <see langword="null"/> lets the provider generate one.</summary>
    public string? PairId { get; init; }

    /// <summary>
    /// Whether the pair must be PowerShell-ready: PowerShell 7 (<c>pwsh</c>) on both machines and the peer's sshd serving
    /// the <c>powershell</c> subsystem, so <c>Invoke-Command -HostName netperf-peer</c> works from the client. Windows
    /// images always are. A provider whose image cannot have it throws <see cref="PairRequestException"/> before it
    /// creates anything. False by default.
    /// </summary>
    public bool RequirePowerShell { get; init; }
}
