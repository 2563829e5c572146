using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Netperf.Harness.Network;

namespace Netperf.Harness.Tests.Network;

public sealed class PeerServerCommandTests
{
    [Fact]
    public async Task RunAsync_UnknownMode_Exits2NamingModes()
    {
        var error = new StringWriter();
        var code = await PeerServerCommand.RunAsync(["--mode", "tcp-magic"], new StringWriter(), error, null);
        Assert.Equal(2, code);
        Assert.Contains("tcp-sink", error.ToString());
    }

    [Fact]
    public async Task RunAsync_PortInUse_Exits1SayingChooseAnother()
    {
        using var blocker = new Socket(SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        var port = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        var error = new StringWriter();
        var code = await PeerServerCommand.RunAsync(["--mode", "tcp-sink", "--bind", "127.0.0.1", "--port", port.ToString()], new StringWriter(), error, null);
        Assert.Equal(1, code);
        Assert.Contains("choose another --port", error.ToString());
    }

    [Fact]
    public async Task RunAsync_StdinEnds_PrintsReadyThenReportAndExits0()
    {
        var pipe = new Pipe();
        var output = new LineWriter();
        var run = PeerServerCommand.RunAsync(
            ["--mode", "tcp-sink", "--bind", "127.0.0.1"], output, new StringWriter(), new StreamReader(pipe.Reader.AsStream()));
        var readyLine = await output.NextLineAsync();
        Assert.True(PeerServerProtocol.TryParseReady(readyLine, out var ready));
        Assert.Equal(Environment.ProcessId, ready!.ProcessId);

        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, ready.Port));
            await socket.SendAsync(new byte[1000]);
            socket.Shutdown(SocketShutdown.Send);
            Assert.Equal(0, await socket.ReceiveAsync(new byte[1]));
        }

        await pipe.Writer.CompleteAsync();
        Assert.Equal(0, await run);
        Assert.True(PeerServerProtocol.TryParseReport(await output.NextLineAsync(), out var report));
        Assert.Equal(1000, report!.BytesReceived);
        Assert.Equal("stdin-eof", report.StopReason);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsWithSignalReason()
    {
        using var cts = new CancellationTokenSource();
        var output = new LineWriter();
        var run = PeerServerCommand.RunAsync(["--mode", "udp-sink", "--bind", "127.0.0.1", "--no-stdin"], output, new StringWriter(), null, cancellationToken: cts.Token);
        Assert.True(PeerServerProtocol.TryParseReady(await output.NextLineAsync(), out _));
        await cts.CancelAsync();
        Assert.Equal(0, await run);
        Assert.True(PeerServerProtocol.TryParseReport(await output.NextLineAsync(), out var report));
        Assert.Equal("signal", report!.StopReason);
    }

    /// <summary>A writer whose lines can be awaited one by one (a signal, not a sleep).</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();
        private readonly StringBuilder _current = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_current)
            {
                if (value == '\n')
                {
                    _lines.Writer.TryWrite(_current.ToString().TrimEnd('\r'));
                    _current.Clear();
                }
                else
                {
                    _current.Append(value);
                }
            }
        }

        public async Task<string> NextLineAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            return await _lines.Reader.ReadAsync(timeout.Token);
        }
    }
}
