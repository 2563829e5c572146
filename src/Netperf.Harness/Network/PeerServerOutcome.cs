namespace Netperf.Harness.Network;

/// <summary>
/// What one run of a network test saw on both sides: what the client counted over the whole run
/// (warm-up and the final drain included) and what its <c>netperf-server</c> counted.
/// </summary>
public sealed record PeerServerOutcome
{
    /// <summary>How the server was started (<c>local process</c>, <c>ssh netperf-peer</c>, a remote shell, ...).</summary>
    public required string Launcher { get; init; }

    /// <summary>The server's ready announcement; <see langword="null"/> with <c>--external-server</c>.</summary>
    public PeerServerReady? Ready { get; init; }

    /// <summary>The server's final report; <see langword="null"/> when the server was external or did not report.</summary>
    public PeerServerReport? Report { get; init; }

    /// <summary>True when the server was stopped and its process was checked gone.</summary>
    public bool ServerStopped { get; init; }

    /// <summary>What is counted: <c>bytes</c>, <c>requests</c>, <c>connections</c> or <c>datagrams</c>.</summary>
    public required string Unit { get; init; }

    /// <summary>The client's total over the whole run.</summary>
    public required long ClientCount { get; init; }

    /// <summary>The server's count of the same thing; <see langword="null"/> without a report.</summary>
    public long? ServerCount { get; init; }

    /// <summary>
    /// The client side's counters over the run (from the end of global setup to global cleanup, after the final drain):
    /// its namespace's TCP retransmits and UDP drops, this process's CPU time and cost per unit of <see cref="ClientCount"/>.
    /// The server's are in <see cref="Report"/>. <see langword="null"/> when not measured.
    /// </summary>
    public NetworkCounters? ClientCounters { get; init; }

    /// <summary>
    /// |client − server| / max(client, server); 0 when both are 0; <see langword="null"/> without a report.
    /// For UDP this is the loss (datagrams sent but not received).
    /// </summary>
    public double? RelativeDifference => ServerCount is not { } server ? null
        : Math.Max(ClientCount, server) == 0 ? 0
        : Math.Abs(ClientCount - server) / (double)Math.Max(ClientCount, server);
}
