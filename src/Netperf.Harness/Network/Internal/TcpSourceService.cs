using System.Buffers;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Sends buffers until the client shuts down its side, then shuts down its own, so the client can drain
/// to the end and its byte count equals <see cref="ServerCounters.BytesSent"/> exactly. The sends are
/// blocking, on a thread of the connection's own (as iperf3 does), so a bulk stream costs no socket-engine
/// wake-up and thread-pool hop per buffer; stopping disposes the socket, which ends the send.
/// </summary>
internal sealed class TcpSourceService(PeerServerOptions options, ServerCounters counters) : TcpService(options, counters)
{
    protected override async Task ServeAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Options.BufferSize);
        var clientDone = 0;
        var watch = WatchForEndAsync(socket, () => Volatile.Write(ref clientDone, 1));
        try
        {
            buffer.AsSpan(0, Options.BufferSize).Fill(0x5A);
            await Task.Factory.StartNew(
                () =>
                {
                    var span = buffer.AsSpan(0, Options.BufferSize);
                    while (Volatile.Read(ref clientDone) == 0)
                    {
                        Counters.AddSent(socket.Send(span, SocketFlags.None));
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default).ConfigureAwait(false);

            socket.Shutdown(SocketShutdown.Send);
            await watch.ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task WatchForEndAsync(Socket socket, Action onEnd)
    {
        var probe = new byte[64];
        try
        {
            while (await socket.ReceiveAsync(probe, SocketFlags.None, Stopping).ConfigureAwait(false) > 0)
            {
                // The client sends nothing but its FIN; ignore anything else.
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A reset also ends the stream; the send loop sees its own error.
        }
        finally
        {
            onEnd();
        }
    }
}
