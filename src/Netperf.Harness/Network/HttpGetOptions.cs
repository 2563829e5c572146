using System.ComponentModel.DataAnnotations;

namespace Netperf.Harness.Network;

/// <summary>Options of <see cref="HttpGetTest"/>.</summary>
public sealed class HttpGetOptions : NetworkPerfOptions
{
    /// <summary><c>--response-size</c>: the body size the peer's Kestrel answers with. Default 4000.</summary>
    [PerfOption("--response-size", Description = "Bytes of the response body the peer's Kestrel sends.")]
    [Range(0, 64 * 1024 * 1024, ErrorMessage = "must be between 0 and 64 MiB")]
    public int ResponseSize { get; set; } = 4000;

    /// <summary><c>--path</c>: the request path. Default <c>/</c>.</summary>
    [PerfOption("--path", Description = "The request path.")]
    [RegularExpression("^/.*", ErrorMessage = "must start with '/'")]
    public string Path { get; set; } = "/";
}
