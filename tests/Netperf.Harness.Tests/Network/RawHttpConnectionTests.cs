using System.Text;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Tests.Network;

/// <summary>The raw HTTP client's reading of a response head (<c>--client raw</c>): status 200 and the body's length.</summary>
public sealed class RawHttpConnectionTests
{
    [Fact]
    public void BodyLength_OkWithContentLengthInAnyCase_ReturnsWhatIsLeftToRead()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nDate: Mon, 07 Dec 2026 11:00:00 GMT\r\nCONTENT-length: 4000\r\nContent-Type: application/octet-stream");

        var remaining = RawHttpConnection.BodyLength(head, 1500, out var length);

        Assert.Equal(4000, length);
        Assert.Equal(2500, remaining);
    }

    [Fact]
    public void BodyLength_NotFound_ThrowsNamingTheStatusLine()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Length: 0");

        var error = Assert.Throws<InvalidOperationException>(() => RawHttpConnection.BodyLength(head, 0, out _));

        Assert.Contains("HTTP/1.1 404 Not Found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BodyLength_Chunked_ThrowsPointingToTheHttpClient()
    {
        var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked");

        var error = Assert.Throws<InvalidOperationException>(() => RawHttpConnection.BodyLength(head, 0, out _));

        Assert.Contains("--client httpclient", error.Message, StringComparison.Ordinal);
    }
}
