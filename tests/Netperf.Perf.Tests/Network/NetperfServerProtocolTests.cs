using System.Net;
using Netperf.Perf.Network;

namespace Netperf.Perf.Tests.Network;

public sealed class NetperfServerProtocolTests
{
    [Fact]
    public void FormatReady_ThenParse_RoundTrips()
    {
        var line = NetperfServerProtocol.FormatReady(new NetperfServerReady { Mode = "tcp-rr", Port = 5201, ProcessId = 42 });
        Assert.StartsWith("netperf-server ready {", line);
        Assert.True(NetperfServerProtocol.TryParseReady("  " + line + "\r", out var ready));
        Assert.Equal(new NetperfServerReady { Mode = "tcp-rr", Port = 5201, ProcessId = 42 }, ready);
    }

    [Fact]
    public void TryParseReport_OtherLine_ReturnsFalse()
    {
        Assert.False(NetperfServerProtocol.TryParseReport("hello", out _));
        Assert.False(NetperfServerProtocol.TryParseReport("netperf-server report {not json", out _));
        Assert.False(NetperfServerProtocol.TryParseReady(null, out _));
    }

    [Fact]
    public void BuildArguments_AllOptions_AreTokensTheCommandAccepts()
    {
        var options = new NetperfServerOptions
        {
            Mode = NetperfServerMode.Http,
            Port = 8080,
            BindAddress = IPAddress.Loopback,
            ResponseSize = 100,
            MaxLifetime = TimeSpan.FromSeconds(90.5),
        };

        var args = NetperfServerProtocol.BuildArguments(options, watchStdin: false);

        Assert.Equal(
            ["--mode", "http", "--port", "8080", "--bind", "127.0.0.1", "--buffer-size", "131072", "--request-size", "512", "--response-size", "100", "--max-lifetime", "91", "--no-stdin"],
            args);
    }

    [Theory]
    [InlineData("tcp-sink", NetperfServerMode.TcpSink)]
    [InlineData("TCP-RR", NetperfServerMode.TcpRequestResponse)]
    [InlineData("udp-sink", NetperfServerMode.UdpSink)]
    public void TryParse_KnownNames_MapToModes(string name, NetperfServerMode expected)
    {
        Assert.True(NetperfServerModes.TryParse(name, out var mode));
        Assert.Equal(expected, mode);
        Assert.Equal(name.ToLowerInvariant(), NetperfServerModes.ToName(mode));
    }
}
