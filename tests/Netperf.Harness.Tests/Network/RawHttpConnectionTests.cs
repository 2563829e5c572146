using System.Net;
using System.Net.Sockets;
using System.Text;
using Netperf.Harness.Network.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Harness.Tests.Network;

/// <summary>
/// The raw HTTP client (<c>--client raw</c>) against a scripted server on 127.0.0.1 that writes each response in several
/// pieces, in each of its three ways of waiting: on an event loop (async on Linux), on the .NET socket engine (async
/// elsewhere) and blocking (<c>--sync</c>).
/// </summary>
public sealed class RawHttpConnectionTests
{
    public enum Mode
    {
        EventLoop,
        SocketEngine,
        Blocking,
    }

    [Theory]
    [InlineData(Mode.EventLoop)]
    [InlineData(Mode.SocketEngine)]
    [InlineData(Mode.Blocking)]
    public async Task GetAsync_KeepAliveResponsesInSeveralWrites_EachReadToItsEnd(Mode mode)
    {
        // A body larger than the client's 64 KiB buffer, and a head whose end is split between two writes.
        const int Requests = 50;
        await using var server = new ScriptedServer(async (stream, ct) =>
        {
            var body = new byte[100_000];
            var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\n\r\n");
            var answered = 0;
            while (await ScriptedServer.ReadRequestAsync(stream, ct))
            {
                await stream.WriteAsync(head.AsMemory(0, head.Length - 3), ct);
                await stream.WriteAsync(head.AsMemory(head.Length - 3), ct);
                await stream.WriteAsync(body.AsMemory(0, 10), ct);
                await stream.WriteAsync(body.AsMemory(10, 70_000), ct);
                await stream.WriteAsync(body.AsMemory(70_010), ct);
                answered++;
            }

            return answered;
        });
        var group = new SocketEventLoopGroup();
        var connection = await ConnectAsync(server, mode, group);

        for (var i = 0; i < Requests; i++)
        {
            await GetAsync(connection, mode);
        }

        Assert.Equal(Requests, connection.Responses);
        Assert.Equal(mode == Mode.EventLoop && OperatingSystem.IsLinux(), connection.UsesEventLoop);
        connection.Dispose();
        Assert.Equal(Requests, await server.Completion);
    }

    [Theory]
    [InlineData(Mode.EventLoop)]
    [InlineData(Mode.SocketEngine)]
    public async Task GetAsync_ServerClosesMidBody_FailsSayingTheServerClosed(Mode mode)
    {
        await using var server = new ScriptedServer(async (stream, ct) =>
        {
            await ScriptedServer.ReadRequestAsync(stream, ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this"), ct);
            return 1;
        });
        using var connection = await ConnectAsync(server, mode, new SocketEventLoopGroup());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.GetAsync(CancellationToken.None));

        Assert.Contains("closed the connection in the middle of a response", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, connection.Responses);
    }

    [Fact]
    public async Task GetAsync_CancelledWhileWaitingForTheResponse_ThrowsOperationCanceled()
    {
        using var requested = new SemaphoreSlim(0);
        await using var server = new ScriptedServer(async (stream, ct) =>
        {
            await ScriptedServer.ReadRequestAsync(stream, ct);
            requested.Release();
            await Task.Delay(Timeout.Infinite, ct);
            return 1;
        });
        using var connection = await ConnectAsync(server, Mode.EventLoop, new SocketEventLoopGroup());
        using var cancellation = new CancellationTokenSource();

        var get = connection.GetAsync(cancellation.Token).AsTask();
        Assert.True(await requested.WaitAsync(TimeSpan.FromSeconds(30)), "the server never got the request");
        Assert.False(get.IsCompleted, "completed without a response");
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Dispose_LastConnectionOfTheGroup_StopsItsLoops()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        await using var server = new ScriptedServer(async (stream, ct) =>
        {
            while (await ScriptedServer.ReadRequestAsync(stream, ct))
            {
            }

            return 0;
        }, connections: 3);
        var group = new SocketEventLoopGroup();
        var connections = new List<RawHttpConnection>();
        for (var i = 0; i < 3; i++)
        {
            connections.Add(await RawHttpConnection.ConnectAsync(server.EndPoint, "/", blocking: false, group, loopCount: 2, CancellationToken.None));
        }

        Assert.Equal(2, group.RunningLoops);
        connections[0].Dispose();
        connections[1].Dispose();
        Assert.Equal(2, group.RunningLoops);
        connections[2].Dispose();

        Assert.Equal(0, group.RunningLoops);
    }

    [Theory]
    [InlineData(16, 2, 2, 1)] // the benchmark: two processes of eight connections on two cores, one loop each (wrk -t2)
    [InlineData(16, 1, 2, 2)] // one process: a loop per core
    [InlineData(16, 0, 2, 1)] // --processes default: one process per core
    [InlineData(16, 1, 8, 8)]
    [InlineData(4, 1, 8, 4)] // never more loops than connections
    [InlineData(16, 4, 2, 1)] // more processes than cores: still one loop
    public void LoopsPerProcess_RunShape_OneLoopPerCoreOverTheProcesses(int parallel, int processes, int cores, int expected) =>
        Assert.Equal(expected, SocketEventLoopGroup.LoopsPerProcess(parallel, processes, cores));

    private static Task<RawHttpConnection> ConnectAsync(ScriptedServer server, Mode mode, SocketEventLoopGroup group) =>
        RawHttpConnection.ConnectAsync(server.EndPoint, "/", mode == Mode.Blocking, mode == Mode.EventLoop ? group : null, loopCount: 1, CancellationToken.None);

    private static async Task GetAsync(RawHttpConnection connection, Mode mode)
    {
        if (mode == Mode.Blocking)
        {
            connection.Get();
        }
        else
        {
            await connection.GetAsync(CancellationToken.None);
        }
    }

    /// <summary>A TCP server on 127.0.0.1 that runs a script per accepted connection; its completion is the scripts' total.</summary>
    private sealed class ScriptedServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public ScriptedServer(Func<NetworkStream, CancellationToken, Task<int>> script, int connections = 1)
        {
            _listener.Start();
            EndPoint = (IPEndPoint)_listener.LocalEndpoint;
            Completion = RunAsync(script, connections);
        }

        public IPEndPoint EndPoint { get; }

        public Task<int> Completion { get; }

        /// <summary>Reads one GET (up to its blank line); false when the client closed the connection.</summary>
        public static async Task<bool> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
        {
            var seen = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                if (await stream.ReadAsync(one, ct) == 0)
                {
                    Assert.Empty(seen);
                    return false;
                }

                seen.Add(one[0]);
                if (seen.Count >= 4 && seen[^4] == '\r' && seen[^3] == '\n' && seen[^2] == '\r' && seen[^1] == '\n')
                {
                    Assert.StartsWith("GET / HTTP/1.1\r\nHost: 127.0.0.1:", Encoding.ASCII.GetString([.. seen]), StringComparison.Ordinal);
                    return true;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            try
            {
                await Completion;
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException
                || (e is InvalidOperationException && e.StackTrace?.Contains(nameof(TcpListener.AcceptTcpClientAsync), StringComparison.Ordinal) == true))
            {
                // A script (or the accept) still waiting when the test ended, or the next accept called only after the listener
                // stopped (the kernel completes connects before they are accepted, so a test can end first); a test that needs
                // the scripts' outcome awaits Completion itself.
            }

            _stop.Dispose();
        }

        private async Task<int> RunAsync(Func<NetworkStream, CancellationToken, Task<int>> script, int connections)
        {
            var scripts = new List<Task<int>>();
            for (var i = 0; i < connections; i++)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                client.NoDelay = true;
                scripts.Add(RunOneAsync(client, script));
            }

            return (await Task.WhenAll(scripts)).Sum();
        }

        private async Task<int> RunOneAsync(TcpClient client, Func<NetworkStream, CancellationToken, Task<int>> script)
        {
            using (client)
            {
                return await script(client.GetStream(), _stop.Token);
            }
        }
    }
}
