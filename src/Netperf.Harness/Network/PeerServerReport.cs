using System.Text.Json.Serialization;

namespace Netperf.Harness.Network;

/// <summary>
/// What a <c>netperf-server</c> counted, printed as JSON when it stops, so a client's counts can be
/// checked against the server's.
/// </summary>
public sealed record PeerServerReport
{
    /// <summary>The mode's command-line name, such as <c>tcp-sink</c>.</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    /// <summary>The port the server listened on.</summary>
    [JsonPropertyName("port")]
    public required int Port { get; init; }

    /// <summary>TCP connections accepted (HTTP: connections Kestrel accepted is not tracked; 0).</summary>
    [JsonPropertyName("connections")]
    public long Connections { get; init; }

    /// <summary>Payload bytes received (TCP bytes read, UDP datagram bytes).</summary>
    [JsonPropertyName("bytesReceived")]
    public long BytesReceived { get; init; }

    /// <summary>Payload bytes sent (TCP bytes whose send completed, HTTP body bytes).</summary>
    [JsonPropertyName("bytesSent")]
    public long BytesSent { get; init; }

    /// <summary>Requests answered (request/response mode and HTTP).</summary>
    [JsonPropertyName("requests")]
    public long Requests { get; init; }

    /// <summary>UDP datagrams received.</summary>
    [JsonPropertyName("datagrams")]
    public long Datagrams { get; init; }

    /// <summary>UDP datagrams whose sequence number was lower than one seen before (reordered or duplicated).</summary>
    [JsonPropertyName("outOfOrder")]
    public long OutOfOrder { get; init; }

    /// <summary>The highest UDP sequence number seen plus one (what the client sent, if none of the last were lost); 0 when none.</summary>
    [JsonPropertyName("highestSequence")]
    public long HighestSequence { get; init; }

    /// <summary>Connections or datagrams that ended in an error (resets, short requests).</summary>
    [JsonPropertyName("errors")]
    public long Errors { get; init; }

    /// <summary>
    /// UDP sink: datagrams the kernel dropped while the sink ran, before any socket read them (the receive-buffer
    /// drops of the server's network namespace and the machine's per-CPU backlog drops), so a loss the machine's load
    /// caused can be told from the test's own; on a shared machine it also counts other programs' drops.
    /// <see langword="null"/> in other modes and where the kernel does not say (not Linux).
    /// </summary>
    [JsonPropertyName("kernelDrops")]
    public long? KernelDrops { get; init; }

    /// <summary>
    /// The server side's counters from start to this report (its namespace's TCP retransmits and UDP drops, its process's
    /// CPU time and cost per unit served); <see langword="null"/> from a server that did not count them.
    /// </summary>
    [JsonPropertyName("counters")]
    public NetworkCounters? Counters { get; init; }

    /// <summary>Why the server stopped: <c>stop</c> (asked), <c>stdin-eof</c>, <c>signal</c> or <c>max-lifetime</c>.</summary>
    [JsonPropertyName("stopReason")]
    public string StopReason { get; init; } = "stop";
}
