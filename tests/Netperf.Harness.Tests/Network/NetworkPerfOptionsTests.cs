using System.ComponentModel.DataAnnotations;
using Netperf.Harness.Network;

namespace Netperf.Harness.Tests.Network;

public sealed class NetworkPerfOptionsTests
{
    [Fact]
    public void Validate_Defaults_NoErrors()
    {
        Assert.Empty(Validate(new NetworkPerfOptions()));
    }

    [Fact]
    public void Validate_ExternalServerWithoutPort_SaysGivePort()
    {
        var errors = Validate(new NetworkPerfOptions { Peer = "10.0.0.2", ExternalServer = true });
        Assert.Contains(errors, e => e.Contains("--peer HOST:PORT", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_InProcessWithRemotePeer_Rejected()
    {
        var errors = Validate(new NetworkPerfOptions { Peer = "10.0.0.2", InProcessServer = true });
        Assert.Contains(errors, e => e.Contains("--in-process-server", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_BadPeerAndBind_BothReported()
    {
        var errors = Validate(new NetworkPerfOptions { Peer = "host:http", ServerBind = "everywhere" });
        Assert.Contains(errors, e => e.Contains("--peer", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--server-bind", StringComparison.Ordinal));
    }

    private static List<string> Validate(NetworkPerfOptions options) =>
        options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage!).ToList();
}
