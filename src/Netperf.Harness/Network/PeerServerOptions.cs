using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Netperf.Harness.Network;

/// <summary>How a <see cref="PeerServer"/> listens and answers. The client chooses these and passes them on the command line.</summary>
public sealed class PeerServerOptions
{
    /// <summary>What to serve. Default <see cref="PeerServerMode.TcpSink"/>.</summary>
    public PeerServerMode Mode { get; set; } = PeerServerMode.TcpSink;

    /// <summary>The port to listen on; 0 (the default) lets the OS choose, and the ready line says which.</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    /// <summary>The address to listen on. Default <c>0.0.0.0</c> (the peer is reached at its pair address).</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>The size of the buffers the TCP source sends and the sink reads with. Default 131072 (iperf3's default).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int BufferSize { get; set; } = 128 * 1024;

    /// <summary>The request size the request/response mode reads before it answers. Default 512.</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int RequestSize { get; set; } = 512;

    /// <summary>The response size of the request/response mode and the HTTP body size. Default 4000.</summary>
    [Range(0, 64 * 1024 * 1024)]
    public int ResponseSize { get; set; } = 4000;

    /// <summary>
    /// The longest the server may live; it stops by itself after this even if nobody stops it, so a lost
    /// client never leaves a server behind. Default 10 minutes.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Checks the options; throws <see cref="ArgumentException"/> naming the setting and the fix.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port {Port} is out of range; use 0 (any free port) or 1..65535.", nameof(Port));
        }

        if (BufferSize < 1)
        {
            throw new ArgumentException($"--buffer-size {BufferSize} must be at least 1 byte.", nameof(BufferSize));
        }

        if (RequestSize < 1)
        {
            throw new ArgumentException($"--request-size {RequestSize} must be at least 1 byte.", nameof(RequestSize));
        }

        if (ResponseSize < 0)
        {
            throw new ArgumentException($"--response-size {ResponseSize} must be 0 or more bytes.", nameof(ResponseSize));
        }

        if (MaxLifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException($"--max-lifetime {MaxLifetime} must be positive, such as 600 (seconds).", nameof(MaxLifetime));
        }

        ArgumentNullException.ThrowIfNull(BindAddress);
    }
}
