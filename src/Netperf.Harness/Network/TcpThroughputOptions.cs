using System.ComponentModel.DataAnnotations;

namespace Netperf.Harness.Network;

/// <summary>Options of <see cref="TcpThroughputTest"/>.</summary>
public sealed class TcpThroughputOptions : NetworkPerfOptions
{
    /// <summary><c>--direction up|down</c>: <c>up</c> sends to the peer, <c>down</c> receives from it. Default <c>up</c>.</summary>
    [PerfOption("--direction", Description = "up: client sends to the peer; down: the peer sends to the client.")]
    [RegularExpression("^(up|down)$", ErrorMessage = "must be 'up' or 'down'")]
    public string Direction { get; set; } = "up";

    /// <summary><c>--connections</c>: TCP connections per instance; each operation moves one buffer on each. Default 1.</summary>
    [PerfOption("--connections", Description = "TCP connections per instance (--parallel instances, like iperf3 -P, multiply them).")]
    [Range(1, 1024, ErrorMessage = "must be between 1 and 1024")]
    public int Connections { get; set; } = 1;

    /// <summary><c>--buffer-size</c>: bytes per send or receive (one operation). Default 131072, as iperf3.</summary>
    [PerfOption("--buffer-size", Description = "Bytes per operation (one send or one full receive); default 131072 like iperf3.")]
    [Range(1, 64 * 1024 * 1024, ErrorMessage = "must be between 1 byte and 64 MiB")]
    public int BufferSize { get; set; } = 128 * 1024;

    /// <summary>True for <c>--direction down</c>.</summary>
    public bool IsDown => string.Equals(Direction, "down", StringComparison.OrdinalIgnoreCase);
}
