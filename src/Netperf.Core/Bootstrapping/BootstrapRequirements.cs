namespace Netperf.Core.Bootstrapping;

/// <summary>What a job needs on a pair beyond a working client-to-peer session.</summary>
public sealed record BootstrapRequirements
{
    /// <summary>No extra tools; just the session and the <c>netperf-peer</c> alias.</summary>
    public static BootstrapRequirements None { get; } = new();

    /// <summary>Commands that must answer on both machines (for example <c>iperf3</c>).</summary>
    public IReadOnlyList<string> Tools { get; init; } = [];

    /// <summary>Whether PowerShell 7 (<c>pwsh</c>) is required (always true for Windows pairs).</summary>
    public bool RequirePowerShell { get; init; }
}
