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

    /// <summary>
    /// <c>--client httpclient|raw</c>: <c>httpclient</c> sends each GET through .NET's <c>HttpClient</c> stack
    /// (<c>SocketsHttpHandler</c>), what an application's requests cost; <c>raw</c> writes a fixed GET on a keep-alive
    /// socket and reads the response to the end of its Content-Length, what <c>wrk</c> does, to measure the link and
    /// the server rather than the client's HTTP stack; on Linux (without <c>--sync</c>) its connections run on epoll
    /// event loops of their own, one per core over the run's processes, as <c>wrk</c>'s threads. Default <c>httpclient</c>.
    /// </summary>
    [PerfOption("--client", Description = "httpclient: .NET's HttpClient per request; raw: a fixed GET on a keep-alive socket, like wrk.")]
    [RegularExpression("^(httpclient|raw)$", ErrorMessage = "must be 'httpclient' or 'raw'")]
    public string Client { get; set; } = "httpclient";

    /// <summary>True for <c>--client raw</c>.</summary>
    public bool IsRaw => string.Equals(Client, "raw", StringComparison.OrdinalIgnoreCase);
}
