using Netperf.Perf.Discovery;
using Netperf.Harness.Network;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Harness.Tests.Network;

/// <summary>
/// Each network test run by the real runner for one short iteration against a real server on 127.0.0.1
/// (in-process here; the process and pair variants are in Netperf.Samples.Tests): the run succeeds, the
/// server is stopped, and what the client counted agrees with the server within 1%.
/// </summary>
public sealed class NetworkTestsLoopbackTests
{
    [Theory]
    [InlineData("up")]
    [InlineData("down")]
    public async Task TcpThroughput_OneSecond_ClientBytesEqualServerBytes(string direction)
    {
        var options = Loopback(new TcpThroughputOptions { Direction = direction, BufferSize = 64 * 1024, Parallel = 2 });
        var result = await RunAsync<TcpThroughputTest>(options);

        var outcome = AssertAgrees(result, options, "bytes");
        Assert.Equal(outcome.ClientCount, outcome.ServerCount);
        Assert.True(outcome.ClientCount >= result.CompletedOperations * 64 * 1024, "the total covers at least the measured buffers");
        Assert.Equal(direction == "up" ? "tcp-sink" : "tcp-source", outcome.Report!.Mode);
        Assert.Equal(2, outcome.Report.Connections);
    }

    [Fact]
    public async Task TcpRequestResponse_TwoConnections_TransactionsEqualServerRequests()
    {
        var options = Loopback(new TcpRequestResponseOptions { Connections = 2, RequestSize = 100, ResponseSize = 1000 });
        var result = await RunAsync<TcpRequestResponseTest>(options);

        var outcome = AssertAgrees(result, options, "requests");
        Assert.Equal(outcome.ClientCount, outcome.ServerCount);
        Assert.Equal(outcome.ClientCount * 100, outcome.Report!.BytesReceived);
        Assert.Equal(outcome.ClientCount * 1000, outcome.Report.BytesSent);
    }

    [Fact]
    public async Task TcpRequestResponse_Sync_TransactionsEqualServerRequests()
    {
        // --sync connects blocking, so its sockets make plain blocking calls; the counts must still agree exactly.
        var options = Loopback(new TcpRequestResponseOptions { Connections = 2, RequestSize = 64, ResponseSize = 64, Sync = true });
        var result = await RunAsync<TcpRequestResponseTest>(options);

        var outcome = AssertAgrees(result, options, "requests");
        Assert.Equal(outcome.ClientCount, outcome.ServerCount);
    }

    [Fact]
    public async Task TcpThroughput_OneSecond_EachSideReportsCountersOfWhatItMoved()
    {
        var options = Loopback(new TcpThroughputOptions { BufferSize = 64 * 1024 });
        var result = await RunAsync<TcpThroughputTest>(options);

        var outcome = AssertAgrees(result, options, "bytes");
        var client = outcome.ClientCounters!;
        var server = outcome.Report!.Counters!;
        Assert.Equal(("bytes", outcome.ClientCount), (client.Unit, client.Units));
        Assert.Equal(("bytes", outcome.ServerCount!.Value), (server.Unit, server.Units));
        Assert.True(client.CpuSeconds > 0 && server.CpuSeconds > 0, $"CPU seconds: client {client.CpuSeconds}, server {server.CpuSeconds}");
        // Loopback segments are at most 64 KiB, so the namespace's TCP table counted at least that many sent.
        Assert.True(client.TcpSegmentsSent >= outcome.ClientCount / 65536, $"{client.TcpSegmentsSent} segments for {outcome.ClientCount} bytes");
    }

    [Fact]
    public async Task TcpConnect_OneSecond_ConnectionsEqualServerAccepts()
    {
        var options = Loopback(new NetworkPerfOptions());
        var result = await RunAsync<TcpConnectTest>(options);

        var outcome = AssertAgrees(result, options, "connections");
        Assert.Equal(outcome.ClientCount, outcome.ServerCount);
    }

    [Fact]
    public async Task UdpThroughput_PacedOnLoopback_LossUnderOnePercent()
    {
        var options = Loopback(new UdpThroughputOptions { Size = 1000, DatagramRate = 5000 });
        var result = await RunAsync<UdpThroughputTest>(options);

        var outcome = AssertAgrees(result, options, "datagrams");
        // Paced at 5000/s for 1 s (no warm-up): about 5000 datagrams, not more than the schedule allows.
        Assert.InRange(outcome.ClientCount, 1000, 7000);
    }

    [Fact]
    public async Task HttpGet_TwoInstances_RequestsEqualServerRequests()
    {
        var options = Loopback(new HttpGetOptions { ResponseSize = 2000, Parallel = 2 });
        var result = await RunAsync<HttpGetTest>(options);

        var outcome = AssertAgrees(result, options, "requests");
        Assert.Equal(outcome.ClientCount * 2000, outcome.Report!.BytesSent);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HttpGet_RawClient_RequestsEqualServerRequests(bool sync)
    {
        var options = Loopback(new HttpGetOptions { ResponseSize = 70_000, Parallel = 2, Client = "raw", Sync = sync });
        var result = await RunAsync<HttpGetTest>(options);

        // A body larger than the client's 64 KiB buffer: every response is read to its end, or the next one would not parse.
        var outcome = AssertAgrees(result, options, "requests");
        Assert.Equal(outcome.ClientCount, outcome.ServerCount);
        Assert.Equal(outcome.ClientCount * 70_000, outcome.Report!.BytesSent);
    }

    [Fact]
    public async Task TcpThroughput_ExternalServer_ConnectsToGivenPortAndDoesNotStopIt()
    {
        await using var server = new PeerServer(new PeerServerOptions { Mode = PeerServerMode.TcpSink, BindAddress = System.Net.IPAddress.Loopback });
        var port = await server.StartAsync();
        var options = new TcpThroughputOptions { Peer = $"127.0.0.1:{port}", ExternalServer = true, Duration = 1, Warmup = 0 };

        var result = await RunAsync<TcpThroughputTest>(options);

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.Null(options.Outcome!.Report);
        Assert.False(options.Outcome.ServerStopped);
        var report = await server.StopAsync();
        Assert.Equal(options.Outcome.ClientCount, report.BytesReceived);
    }

    private static T Loopback<T>(T options)
        where T : NetworkPerfOptions
    {
        options.Peer = "127.0.0.1";
        options.ServerBind = "127.0.0.1";
        options.InProcessServer = true;
        options.Duration = 1;
        options.Warmup = 0;
        return options;
    }

    private static async Task<PerfRunResult> RunAsync<TTest>(NetworkPerfOptions options)
    {
        var runner = new PerfRunner(PerfTestDescriptor.For(typeof(TTest)), options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var result = await runner.RunAsync(timeout.Token);
        Assert.True(result.Status == PerfRunStatus.Succeeded, string.Join("; ", result.Errors.Select(e => e.ToString())));
        return result;
    }

    private static PeerServerOutcome AssertAgrees(PerfRunResult result, NetworkPerfOptions options, string unit)
    {
        Assert.True(result.CompletedOperations > 0);
        var outcome = options.Outcome;
        Assert.NotNull(outcome);
        Assert.True(outcome.ServerStopped, "the server was stopped and checked gone");
        Assert.NotNull(outcome.Report);
        Assert.Equal(unit, outcome.Unit);
        Assert.True(outcome.ClientCount > 0);
        // UDP: what the kernel dropped on a loaded machine (counted by the server) is the machine's, not the test's;
        // the rest must stay within 1%. Every other count must agree within 1% as it stands.
        var drops = unit == "datagrams" ? outcome.Report!.KernelDrops ?? 0 : 0;
        var server = outcome.ServerCount ?? 0;
        var max = Math.Max(outcome.ClientCount, server);
        var unaccounted = Math.Max(0, Math.Abs(outcome.ClientCount - server) - drops) / (double)max;
        Assert.True(
            unaccounted <= 0.01,
            $"client {outcome.ClientCount} vs server {outcome.ServerCount} {unit}: difference {outcome.RelativeDifference:P2}, kernel drops {drops}, unexplained {unaccounted:P2} against a limit of 1.00%");
        return outcome;
    }
}
