using System.ComponentModel.DataAnnotations;

namespace Netperf.Harness.Network;

/// <summary>Options of <see cref="UdpThroughputTest"/>.</summary>
public sealed class UdpThroughputOptions : NetworkPerfOptions
{
    /// <summary><c>--size</c>: bytes per datagram (at least 8: the sequence number). Default 1200.</summary>
    [PerfOption("--size", Description = "Bytes per datagram (8..65507); default 1200.")]
    [Range(8, 65507, ErrorMessage = "must be between 8 and 65507 bytes")]
    public int Size { get; set; } = 1200;

    /// <summary>
    /// <c>--datagram-rate</c>: datagrams per second over all instances of this process; 0 sends as fast as
    /// possible (and measures how much the path drops). Default 0.
    /// </summary>
    [PerfOption("--datagram-rate", Description = "Datagrams per second over all instances of this process (0: as fast as possible).")]
    [Range(0, 100_000_000, ErrorMessage = "must be between 0 (unlimited) and 100000000")]
    public int DatagramRate { get; set; }
}
