using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;

namespace Netperf.Core.Runs;

/// <summary>What a run needs: its jobs (an expanded matrix), its id, and what the pairs must have.</summary>
public sealed record RunRequest
{
    /// <summary>The jobs.</summary>
    public required JobMatrixExpansion Matrix { get; init; }

    /// <summary>The run id: the pairs' <c>netperf-run</c> tag and the runners' <c>run-</c> label; unique among live runs.</summary>
    public required string RunId { get; init; }

    /// <summary>The pairs' <c>netperf-owner</c>; default <c>netperf</c>.</summary>
    public string Owner { get; init; } = "netperf";

    /// <summary>How long the pairs live before the janitor may delete them; default 2 hours.</summary>
    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromHours(2);

    /// <summary>What every pair needs beyond a session (tools such as <c>iperf3</c>, PowerShell).</summary>
    public BootstrapRequirements Requirements { get; init; } = BootstrapRequirements.None;
}
