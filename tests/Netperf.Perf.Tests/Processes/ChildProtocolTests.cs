using Netperf.Perf.Processes;
using Netperf.Perf.Processes.Internal;

namespace Netperf.Perf.Tests.Processes;

public sealed class ChildProtocolTests
{
    [Fact]
    public void TryExtractChildArgument_RemovesThePrivateArgument()
    {
        string[] args = ["NoOp", ChildProtocol.ChildArgument, ChildProtocol.FormatChildArgument(new ProcessShare(2, 6, 2), 4), "--parallel", "10"];

        Assert.True(ChildProtocol.TryExtractChildArgument(args, out var share, out var count, out var rest));

        Assert.Equal(new ProcessShare(2, 6, 2), share);
        Assert.Equal(4, count);
        Assert.Equal(["NoOp", "--parallel", "10"], rest);
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
