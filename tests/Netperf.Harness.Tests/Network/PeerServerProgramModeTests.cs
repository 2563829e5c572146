using Netperf.Harness.Tests.Fakes;
using Netperf.Perf;
using Netperf.Testing.Processes;

namespace Netperf.Harness.Tests.Network;

/// <summary>The harness plugs <c>netperf-server</c> into PerfProgram: a test executable that passes its assembly answers it.</summary>
public sealed class PeerServerProgramModeTests
{
    private static readonly System.Reflection.Assembly Harness = typeof(NetworkTestHarness).Assembly;

    [Theory]
    [InlineData(new[] { "netperf-server", "--mode", "tcp-sink" }, true)]
    [InlineData(new[] { "--netperf-child", "0,2,0,1", "TcpThroughput" }, true)]
    [InlineData(new[] { "perf", "TcpThroughput" }, false)]
    [InlineData(new[] { "TcpThroughput", "netperf-server" }, false)]
    public void OwnsInvocation_WithTheHarnessAssembly_ServerAndChildArgumentsFirstBelongToPerfProgram(string[] args, bool owned)
    {
        Assert.Equal(owned, PerfProgram.OwnsInvocation(args, Harness));
    }

    [Fact]
    public void OwnsInvocation_WithoutTheHarnessAssembly_ServerIsNotPerfProgramsOwn()
    {
        Assert.False(PerfProgram.OwnsInvocation(["netperf-server", "--mode", "tcp-sink"]));
    }

    [Fact]
    public async Task TestApp_NoArguments_ListsTheNetworkTestsAndTheServerMode()
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { ArgumentList = { TestApp.Path } };

        var (exit, output) = await TestProcess.RunAsync(start, TimeSpan.FromMinutes(2));

        Assert.True(exit == 0, output);
        Assert.Contains("TcpThroughputTest", output, StringComparison.Ordinal);
        Assert.Contains("HttpGetTest", output, StringComparison.Ordinal);
        Assert.Contains("netperf-server", output, StringComparison.Ordinal);
    }
}
