using System.Net;
using Netperf.Harness.Network;

namespace Netperf.Harness.Tests.Network;

public sealed class PeerServerProtocolTests
{
    [Fact]
    public void FormatReady_ThenParse_RoundTrips()
    {
        var line = PeerServerProtocol.FormatReady(new PeerServerReady { Mode = "tcp-rr", Port = 5201, ProcessId = 42 });
        Assert.StartsWith("netperf-server ready {", line);
        Assert.True(PeerServerProtocol.TryParseReady("  " + line + "\r", out var ready));
        Assert.Equal(new PeerServerReady { Mode = "tcp-rr", Port = 5201, ProcessId = 42 }, ready);
    }

    [Fact]
    public void TryParseReport_OtherLine_ReturnsFalse()
    {
        Assert.False(PeerServerProtocol.TryParseReport("hello", out _));
        Assert.False(PeerServerProtocol.TryParseReport("netperf-server report {not json", out _));
        Assert.False(PeerServerProtocol.TryParseReady(null, out _));
    }

    [Fact]
    public void BuildArguments_AllOptions_AreTokensTheCommandAccepts()
    {
        var options = new PeerServerOptions
        {
            Mode = PeerServerMode.Http,
            Port = 8080,
            BindAddress = IPAddress.Loopback,
            ResponseSize = 100,
            MaxLifetime = TimeSpan.FromSeconds(90.5),
        };

        var args = PeerServerProtocol.BuildArguments(options, watchStdin: false);

        Assert.Equal(
            ["--mode", "http", "--port", "8080", "--bind", "127.0.0.1", "--buffer-size", "131072", "--request-size", "512", "--response-size", "100", "--max-lifetime", "91", "--no-stdin"],
            args);
    }

    [Theory]
    [InlineData("tcp-sink", PeerServerMode.TcpSink)]
    [InlineData("TCP-RR", PeerServerMode.TcpRequestResponse)]
    [InlineData("udp-sink", PeerServerMode.UdpSink)]
    public void TryParse_KnownNames_MapToModes(string name, PeerServerMode expected)
    {
        Assert.True(PeerServerModes.TryParse(name, out var mode));
        Assert.Equal(expected, mode);
        Assert.Equal(name.ToLowerInvariant(), PeerServerModes.ToName(mode));
    }
}

public sealed class PeerAddressTests
{
    [Theory]
    [InlineData("10.0.0.2", "10.0.0.2", null)]
    [InlineData("10.0.0.2:5201", "10.0.0.2", 5201)]
    [InlineData("netperf-peer:80", "netperf-peer", 80)]
    [InlineData("[::1]:9000", "::1", 9000)]
    [InlineData("::1", "::1", null)]
    [InlineData("host:0", "host", null)]
    public void Parse_Forms_SplitHostAndPort(string text, string host, int? port)
    {
        var peer = PeerAddress.Parse(text);
        Assert.Equal(host, peer.Host);
        Assert.Equal(port, peer.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":80")]
    [InlineData("host:http")]
    [InlineData("host:70000")]
    [InlineData("[::1")]
    public void Parse_Bad_ThrowsSayingWhatToWrite(string text)
    {
        var e = Assert.Throws<FormatException>(() => PeerAddress.Parse(text));
        Assert.Contains("--peer", e.Message);
    }

    [Fact]
    public void IsLoopback_LocalhostAnd127_True()
    {
        Assert.True(PeerAddress.Parse("localhost").IsLoopback);
        Assert.True(PeerAddress.Parse("127.0.0.5:1").IsLoopback);
        Assert.False(PeerAddress.Parse("10.1.1.1").IsLoopback);
    }
}
