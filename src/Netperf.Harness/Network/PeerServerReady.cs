using System.Text.Json.Serialization;

namespace Netperf.Harness.Network;

/// <summary>What a <c>netperf-server</c> announces once it listens.</summary>
public sealed record PeerServerReady
{
    /// <summary>The mode's command-line name.</summary>
    [JsonPropertyName("mode")]
    public required string Mode { get; init; }

    /// <summary>The port it listens on.</summary>
    [JsonPropertyName("port")]
    public required int Port { get; init; }

    /// <summary>Its process id on the peer, so a launcher can stop it and check it is gone.</summary>
    [JsonPropertyName("pid")]
    public required int ProcessId { get; init; }
}
