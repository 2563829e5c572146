using System.ComponentModel.DataAnnotations;

namespace Netperf.Harness.Network;

/// <summary>Options of <see cref="TcpRequestResponseTest"/>.</summary>
public sealed class TcpRequestResponseOptions : NetworkPerfOptions
{
    /// <summary><c>--request-size</c>: bytes per request. Default 512.</summary>
    [PerfOption("--request-size", Description = "Bytes per request.")]
    [Range(1, 64 * 1024 * 1024, ErrorMessage = "must be between 1 byte and 64 MiB")]
    public int RequestSize { get; set; } = 512;

    /// <summary><c>--response-size</c>: bytes per response. Default 4000.</summary>
    [PerfOption("--response-size", Description = "Bytes per response.")]
    [Range(1, 64 * 1024 * 1024, ErrorMessage = "must be between 1 byte and 64 MiB")]
    public int ResponseSize { get; set; } = 4000;

    /// <summary><c>--connections</c>: connections per instance; an operation is one request/response on each. Default 1.</summary>
    [PerfOption("--connections", Description = "Connections per instance; an operation is one request and its response on one connection.")]
    [Range(1, 1024, ErrorMessage = "must be between 1 and 1024")]
    public int Connections { get; set; } = 1;
}
