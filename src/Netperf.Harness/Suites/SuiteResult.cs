namespace Netperf.Harness.Suites;

/// <summary>The result of one suite entry on the pair, with the client-versus-server check.</summary>
public sealed record SuiteResult
{
    /// <summary>The entry's key.</summary>
    public required string Key { get; init; }

    /// <summary>The perf test.</summary>
    public required string Test { get; init; }

    /// <summary><c>succeeded</c>, <c>failed</c> or <c>cancelled</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The shown value (in <see cref="Unit"/>).</summary>
    public double Value { get; init; }

    /// <summary>The unit of <see cref="Value"/>.</summary>
    public required string Unit { get; init; }

    /// <summary>Operations per second as the perf runner measured them.</summary>
    public double OpsPerSecond { get; init; }

    /// <summary>Latency percentiles in milliseconds, when the run recorded them (<c>p50</c>, <c>p99</c>, ...).</summary>
    public IReadOnlyDictionary<string, double> LatencyMilliseconds { get; init; } = new Dictionary<string, double>();

    /// <summary>What is compared: bytes, requests, connections, datagrams.</summary>
    public string? CountUnit { get; init; }

    /// <summary>The client's total over the run.</summary>
    public long? ClientCount { get; init; }

    /// <summary>The server's count of the same.</summary>
    public long? ServerCount { get; init; }

    /// <summary>|client − server| / max, the check that both sides saw the same traffic (for UDP: the loss).</summary>
    public double? RelativeDifference { get; init; }

    /// <summary>
    /// UDP: datagrams the kernel dropped on the peer while the test ran (<see cref="Network.PeerServerReport.KernelDrops"/>);
    /// <see langword="null"/> for other tests and where the kernel does not say.
    /// </summary>
    public long? KernelDrops { get; init; }

    /// <summary>
    /// The difference the kernel's drops do not explain: for UDP max(0, client − server − <see cref="KernelDrops"/>) / max,
    /// the datagrams the test itself lost (on a loaded machine the kernel drops what a socket cannot take in time, and that
    /// is the machine's load, not the test's); for other tests the same as <see cref="RelativeDifference"/>.
    /// </summary>
    public double? UnaccountedDifference { get; init; }

    /// <summary>The client side's counters (TCP retransmits, UDP drops, CPU per unit; <see cref="Network.PeerServerOutcome.ClientCounters"/>).</summary>
    public Network.NetworkCounters? ClientCounters { get; init; }

    /// <summary>The peer side's counters, from the server's report (<see cref="Network.PeerServerReport.Counters"/>).</summary>
    public Network.NetworkCounters? ServerCounters { get; init; }

    /// <summary>True when the server on the peer was stopped and its process checked gone.</summary>
    public bool ServerStopped { get; init; }

    /// <summary>The server's process id on the peer.</summary>
    public int? ServerProcessId { get; init; }

    /// <summary>Why it failed.</summary>
    public string? Error { get; init; }
}
