using System.Net;
using System.Net.Http;
using Netperf.Harness.Network;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Tests.Network;

/// <summary>Each server mode on 127.0.0.1 against the client loops: the two sides count the same.</summary>
public sealed class PeerServerTests
{
    private static PeerServerOptions Loopback(PeerServerMode mode) => new() { Mode = mode, BindAddress = IPAddress.Loopback, BufferSize = 64 * 1024 };

    [Fact]
    public async Task TcpSink_ClientSendsBuffers_ServerCountsEveryByte()
    {
        await using var server = new PeerServer(Loopback(PeerServerMode.TcpSink));
        var port = await server.StartAsync();
        await using var client = await TcpStreamClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), 2, 64 * 1024, blocking: false, default);
        for (var i = 0; i < 200; i++)
        {
            await client.SendAsync(default);
        }

        client.Send();
        await client.FinishAsync(default);
        var report = await server.StopAsync();

        Assert.Equal(201L * 2 * 64 * 1024, client.Bytes);
        Assert.Equal(client.Bytes, report.BytesReceived);
        Assert.Equal(2, report.Connections);
        Assert.Equal("tcp-sink", report.Mode);
    }

    [Fact]
    public async Task TcpSource_ClientDrainsAtEnd_BytesEqualServerSent()
    {
        await using var server = new PeerServer(Loopback(PeerServerMode.TcpSource));
        var port = await server.StartAsync();
        await using var client = await TcpStreamClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), 1, 64 * 1024, blocking: false, default);
        for (var i = 0; i < 100; i++)
        {
            await client.ReceiveAsync(default);
        }

        client.Receive();
        await client.FinishAsync(default);
        var report = await server.StopAsync();

        Assert.True(client.Bytes >= 101L * 64 * 1024);
        Assert.Equal(report.BytesSent, client.Bytes);
    }

    [Fact]
    public async Task TcpRequestResponse_Exchanges_ServerCountsSameRequests()
    {
        var options = Loopback(PeerServerMode.TcpRequestResponse);
        options.RequestSize = 512;
        options.ResponseSize = 4000;
        await using var server = new PeerServer(options);
        var port = await server.StartAsync();
        await using var client = await TcpRequestResponseClient.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), 3, 512, 4000, blocking: false, default);
        for (var i = 0; i < 300; i++)
        {
            await client.ExchangeAsync(default);
        }

        client.Exchange();
        await client.FinishAsync(default);
        var report = await server.StopAsync();

        Assert.Equal(903, client.Transactions);
        Assert.Equal(client.Transactions, report.Requests);
        Assert.Equal(903L * 512, report.BytesReceived);
        Assert.Equal(903L * 4000, report.BytesSent);
        Assert.Equal(0, report.Errors);
    }

    [Fact]
    public async Task TcpAccept_ConnectAndClose_ServerCountsEachConnection()
    {
        await using var server = new PeerServer(Loopback(PeerServerMode.TcpAccept));
        var port = await server.StartAsync();
        var client = new TcpConnectClient(new IPEndPoint(IPAddress.Loopback, port));
        for (var i = 0; i < 200; i++)
        {
            await client.ConnectAsync(default);
        }

        client.Connect();
        var report = await server.StopAsync();

        Assert.Equal(201, client.Completed);
        Assert.Equal(client.Completed, report.Connections);
    }

    [Fact]
    public async Task UdpSink_DatagramsWithSequence_CountedWithoutReordering()
    {
        await using var server = new PeerServer(Loopback(PeerServerMode.UdpSink));
        var port = await server.StartAsync();
        using var sender = new UdpSender(new IPEndPoint(IPAddress.Loopback, port), 1000);
        for (var i = 0; i < 500; i++)
        {
            await sender.SendAsync(i, default);
        }

        var report = await server.StopAsync();

        // Loopback with an 8 MiB receive buffer does not drop 500 KB; the stop drains the queue.
        Assert.Equal(500, report.Datagrams);
        Assert.Equal(500L * 1000, report.BytesReceived);
        Assert.Equal(500, report.HighestSequence);
        Assert.Equal(0, report.OutOfOrder);
    }

    [Fact]
    public async Task Http_Get_ReturnsFixedBodyAndCountsRequests()
    {
        var options = Loopback(PeerServerMode.Http);
        options.ResponseSize = 1234;
        await using var server = new PeerServer(options);
        var port = await server.StartAsync();
        using var http = new HttpClient();
        for (var i = 0; i < 20; i++)
        {
            var body = await http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{port}/"));
            Assert.Equal(1234, body.Length);
        }

        var report = await server.StopAsync();
        Assert.Equal(20, report.Requests);
        Assert.Equal(20L * 1234, report.BytesSent);
    }

    [Fact]
    public async Task StopAsync_CalledTwice_ReturnsSameReport()
    {
        await using var server = new PeerServer(Loopback(PeerServerMode.TcpSink));
        await server.StartAsync();
        var first = await server.StopAsync("signal");
        var second = await server.StopAsync();
        Assert.Same(first, second);
        Assert.Equal("signal", second.StopReason);
    }

    [Fact]
    public void Port_BeforeStart_Throws()
    {
        var server = new PeerServer(Loopback(PeerServerMode.TcpSink));
        Assert.Throws<InvalidOperationException>(() => server.Port);
    }
}
