using System.Buffers;
using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends a fixed GET and reads each response to the end of its body, as
/// <c>wrk</c> does: the request's bytes are made once, the response's head is parsed for its status and
/// <c>Content-Length</c> only, and nothing is allocated per request. The responses must carry a Content-Length (not
/// chunked), as the netperf-server's do.
/// </summary>
internal sealed class RawHttpConnection : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private readonly Socket _socket;
    private readonly byte[] _request;
    private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);

    private RawHttpConnection(Socket socket, byte[] request)
    {
        _socket = socket;
        _request = request;
    }

    public static async Task<RawHttpConnection> ConnectAsync(IPEndPoint peer, string path, bool blocking, CancellationToken cancellationToken)
    {
        var host = peer.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{peer.Address}]:{peer.Port}" : $"{peer.Address}:{peer.Port}";
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        var socket = await SocketConnector.ConnectAsync(peer, blocking, cancellationToken).ConfigureAwait(false);
        return new RawHttpConnection(socket, request);
    }

    /// <summary>Sends the GET and reads the whole response; returns the body's length.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<long> GetAsync(CancellationToken cancellationToken)
    {
        await SocketIo.SendAllAsync(_socket, _request, cancellationToken).ConfigureAwait(false);
        var filled = 0;
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
        {
            filled += Received(await _socket.ReceiveAsync(_buffer.AsMemory(filled, Room(filled)), SocketFlags.None, cancellationToken).ConfigureAwait(false));
        }

        var remaining = BodyLength(headEnd, filled, out var length);
        while (remaining > 0)
        {
            remaining -= Received(await _socket.ReceiveAsync(_buffer.AsMemory(0, (int)Math.Min(remaining, BufferSize)), SocketFlags.None, cancellationToken).ConfigureAwait(false));
        }

        return length;
    }

    /// <summary>Synchronous <see cref="GetAsync"/>.</summary>
    public long Get()
    {
        SocketIo.SendAll(_socket, _request);
        var filled = 0;
        int headEnd;
        while ((headEnd = _buffer.AsSpan(0, filled).IndexOf(HeadEnd)) < 0)
        {
            filled += Received(_socket.Receive(_buffer.AsSpan(filled, Room(filled)), SocketFlags.None));
        }

        var remaining = BodyLength(headEnd, filled, out var length);
        while (remaining > 0)
        {
            remaining -= Received(_socket.Receive(_buffer.AsSpan(0, (int)Math.Min(remaining, BufferSize)), SocketFlags.None));
        }

        return length;
    }

    public void Dispose()
    {
        _socket.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
    }

    /// <summary>The status must be 200 and the head must give the body's length; returns the body bytes still to read.</summary>
    internal static long BodyLength(ReadOnlySpan<byte> head, int bodyBytesRead, out long length)
    {
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !head[9..12].SequenceEqual("200"u8))
        {
            var line = head.IndexOf("\r\n"u8) is var end and >= 0 ? head[..end] : head;
            throw new InvalidOperationException($"The server answered '{Encoding.ASCII.GetString(line)}', not 200 OK; check --path and the server.");
        }

        length = -1;
        foreach (var range in head.Split("\r\n"u8))
        {
            var header = head[range];
            if (header.Length > ContentLength.Length && Ascii.EqualsIgnoreCase(header[..ContentLength.Length], ContentLength))
            {
                if (!Utf8Parser.TryParse(header[ContentLength.Length..].Trim((byte)' '), out length, out _) || length < 0)
                {
                    throw new InvalidOperationException($"The response's Content-Length '{Encoding.ASCII.GetString(header)}' is not a length.");
                }
            }
        }

        if (length < 0)
        {
            throw new InvalidOperationException("The response has no Content-Length (chunked?); the raw client reads only fixed-length bodies: use --client httpclient.");
        }

        return length - bodyBytesRead;
    }

    private long BodyLength(int headEnd, int filled, out long length)
    {
        var remaining = BodyLength(_buffer.AsSpan(0, headEnd), filled - headEnd - HeadEnd.Length, out length);
        return remaining >= 0
            ? remaining
            : throw new InvalidOperationException($"The server sent {-remaining} bytes after the response's body without being asked (the raw client does not pipeline).");
    }

    private static int Room(int filled) => filled < BufferSize
        ? BufferSize - filled
        : throw new InvalidOperationException($"The response's head is longer than {BufferSize} bytes; the raw client reads heads up to that size.");

    private static int Received(int read) => read > 0
        ? read
        : throw new InvalidOperationException("The server closed the connection in the middle of a response; check that the netperf-server is still running.");
}
