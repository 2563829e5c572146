using Netperf.Perf.Processes;
using Netperf.Perf.Processes.Internal;

namespace Netperf.Perf.Tests.Processes;

public sealed class ChildProtocolTests
{
    [Fact]
    public void ParseChildArgument_RoundTripsTheShare()
    {
        var (share, count) = ChildProtocol.ParseChildArgument(ChildProtocol.FormatChildArgument(new ProcessShare(2, 6, 2), 4));

        Assert.Equal(new ProcessShare(2, 6, 2), share);
        Assert.Equal(4, count);
        Assert.Throws<FormatException>(() => ChildProtocol.ParseChildArgument("1,2"));
    }

    [Fact]
    public void ParseChildLine_OwnOutputIsNotProtocol_UnknownProtocolThrows()
    {
        Assert.Null(ChildProtocol.ParseChildLine("Current  Total  Average"));
        var e = ChildProtocol.ParseChildLine(ChildProtocol.Error("setup", "bad thing"));
        Assert.Equal("bad thing", e!.Text);
        Assert.Throws<FormatException>(() => ChildProtocol.ParseChildLine(ChildProtocol.Prefix + "bogus"));
    }
}
