using System.Buffers.Text;
using System.Text;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Reads one HTTP/1.1 response after another from a keep-alive connection, whatever pieces the bytes arrive in: the
/// caller receives into <see cref="Free"/> and hands the count to <see cref="Advance"/>, which says when the response is
/// complete. Only the head's status and <c>Content-Length</c> are parsed, and the body is read over itself in the buffer,
/// so nothing is allocated per response. A response must carry a Content-Length (not chunked), as the netperf-server's
/// do, and nothing may follow its body (one request at a time, no pipelining).
/// </summary>
internal sealed class HttpResponseReader
{
    /// <summary>The buffer the raw client reads into: heads up to this size, bodies in pieces of it.</summary>
    public const int DefaultBufferSize = 64 * 1024;

    private static readonly byte[] HeadEnd = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] ContentLength = "content-length:"u8.ToArray();
    private readonly byte[] _buffer;
    private int _filled;
    private long _remaining = -1;

    public HttpResponseReader(int bufferSize = DefaultBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, HeadEnd.Length);
        _buffer = new byte[bufferSize];
    }

    /// <summary>The body's length of the response being read, once its head is complete; -1 before.</summary>
    public long BodyLength { get; private set; } = -1;

    /// <summary>Where the next bytes go: after the head read so far, or over the body (never past the response's end).</summary>
    public Memory<byte> Free => _remaining < 0
        ? _buffer.AsMemory(_filled, Room(_filled))
        : _buffer.AsMemory(0, (int)Math.Min(_remaining, _buffer.Length));

    /// <summary>Starts a new response (after the previous one completed, or on a new connection).</summary>
    public void Reset()
    {
        _filled = 0;
        _remaining = -1;
        BodyLength = -1;
    }

    /// <summary>Takes <paramref name="read"/> bytes received into <see cref="Free"/>; true when the response is complete.</summary>
    /// <exception cref="InvalidOperationException">The peer closed the connection (0 bytes), or the response is not a 200 with a Content-Length.</exception>
    public bool Advance(int read)
    {
        if (read <= 0)
        {
            throw new InvalidOperationException("The server closed the connection in the middle of a response; check that the netperf-server is still running.");
        }

        if (_remaining >= 0)
        {
            _remaining -= read;
            return _remaining == 0;
        }

        // Still in the head: its end may straddle the previous read.
        var from = Math.Max(0, _filled - (HeadEnd.Length - 1));
        _filled += read;
        var end = _buffer.AsSpan(from, _filled - from).IndexOf(HeadEnd);
        if (end < 0)
        {
            return false;
        }

        var headEnd = from + end;
        var bodyRead = _filled - headEnd - HeadEnd.Length;
        var remaining = ParseBodyLength(_buffer.AsSpan(0, headEnd), bodyRead, out var length);
        if (remaining < 0)
        {
            throw new InvalidOperationException($"The server sent {-remaining} bytes after the response's body without being asked (the raw client does not pipeline).");
        }

        BodyLength = length;
        _remaining = remaining;
        return remaining == 0;
    }

    /// <summary>The status must be 200 and the head must give the body's length; returns the body bytes still to read.</summary>
    internal static long ParseBodyLength(ReadOnlySpan<byte> head, int bodyBytesRead, out long length)
    {
        if (head.Length < 12 || !head.StartsWith("HTTP/1."u8) || !head[9..12].SequenceEqual("200"u8))
        {
            var line = head.IndexOf("\r\n"u8) is var lineEnd and >= 0 ? head[..lineEnd] : head;
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

    private int Room(int filled) => filled < _buffer.Length
        ? _buffer.Length - filled
        : throw new InvalidOperationException($"The response's head is longer than {_buffer.Length} bytes; the raw client reads heads up to that size.");
}
