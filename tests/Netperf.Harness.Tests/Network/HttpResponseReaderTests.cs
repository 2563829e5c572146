using System.Text;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Tests.Network;

/// <summary>The raw HTTP client's reading of responses (<c>--client raw</c>): status 200, the body's length, and the end of each response whatever pieces it arrives in.</summary>
public sealed class HttpResponseReaderTests
{
    private static readonly byte[] Response = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nServer: Kestrel\r\n\r\n0123456789");

    [Fact]
    public void ParseBodyLength_OkWithContentLengthInAnyCase_ReturnsWhatIsLeftToRead()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nDate: Mon, 07 Dec 2026 11:00:00 GMT\r\nCONTENT-length: 4000\r\nContent-Type: application/octet-stream");

        var remaining = HttpResponseReader.ParseBodyLength(head, 1500, out var length);

        Assert.Equal(4000, length);
        Assert.Equal(2500, remaining);
    }

    [Fact]
    public void ParseBodyLength_NotFound_ThrowsNamingTheStatusLine()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0");

        var error = Assert.Throws<InvalidOperationException>(() => HttpResponseReader.ParseBodyLength(head, 0, out _));

        Assert.Contains("HTTP/1.1 404 Not Found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseBodyLength_Chunked_ThrowsPointingToTheHttpClient()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked");

        var error = Assert.Throws<InvalidOperationException>(() => HttpResponseReader.ParseBodyLength(head, 0, out _));

        Assert.Contains("--client httpclient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Advance_ResponseSplitInTwoAtEveryByte_CompleteOnlyWithTheLastByte()
    {
        // Every split point, including each one inside the head's closing CRLFCRLF.
        var reader = new HttpResponseReader();
        for (var split = 1; split < Response.Length; split++)
        {
            reader.Reset();

            Assert.False(Feed(reader, Response.AsSpan(0, split)), $"complete after {split} of {Response.Length} bytes");
            Assert.True(Feed(reader, Response.AsSpan(split)), $"not complete after the rest (split at {split})");
            Assert.Equal(10, reader.BodyLength);
        }
    }

    [Fact]
    public void Advance_OneByteAtATime_CompleteOnlyWithTheLastByte()
    {
        var reader = new HttpResponseReader();

        for (var i = 0; i < Response.Length - 1; i++)
        {
            Assert.False(Feed(reader, Response.AsSpan(i, 1)), $"complete after byte {i}");
        }

        Assert.True(Feed(reader, Response.AsSpan(Response.Length - 1)));
    }

    [Fact]
    public void Advance_BodyLongerThanTheBuffer_ReadsItInPiecesToItsEnd()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
        var reader = new HttpResponseReader(bufferSize: 64);
        var body = new byte[1000];

        Assert.False(Feed(reader, head));
        var offered = 0;
        var done = false;
        while (!done)
        {
            // Free never reaches past the response's end, so a piece is at most what is left.
            var piece = Math.Min(reader.Free.Length, body.Length - offered);
            Assert.True(piece > 0, "the reader asks for more than the body has");
            done = Feed(reader, body.AsSpan(offered, piece));
            offered += piece;
        }

        Assert.Equal(1000, offered);
        Assert.Equal(1000, reader.BodyLength);
    }

    [Fact]
    public void Advance_KeepAlive_ReadsTheNextResponseAfterReset()
    {
        var reader = new HttpResponseReader();
        Assert.True(Feed(reader, Response));

        reader.Reset();
        var empty = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");

        Assert.True(Feed(reader, empty));
        Assert.Equal(0, reader.BodyLength);
    }

    [Fact]
    public void Advance_BytesAfterTheBody_ThrowsNoPipelining()
    {
        var reader = new HttpResponseReader();
        var twice = Response.Concat(Response).ToArray();

        var error = Assert.Throws<InvalidOperationException>(() => Feed(reader, twice));

        Assert.Contains("does not pipeline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Advance_PeerClosed_ThrowsNamingTheServer()
    {
        var reader = new HttpResponseReader();
        Feed(reader, Response.AsSpan(0, 20));

        var error = Assert.Throws<InvalidOperationException>(() => reader.Advance(0));

        Assert.Contains("closed the connection", error.Message, StringComparison.Ordinal);
    }

    private static bool Feed(HttpResponseReader reader, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(reader.Free.Span);
        return reader.Advance(bytes.Length);
    }
}
