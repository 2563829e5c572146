using System.Buffers;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Reads and counts everything a client sends until it shuts down its side, then closes. Each connection is
/// read with blocking receives on a thread of its own, as iperf3's server does: a bulk stream then costs no
/// socket-engine wake-up and thread-pool hop per buffer. Stopping disposes the socket, which ends the read.
/// </summary>
internal sealed class TcpSinkService(PeerServerOptions options, ServerCounters counters) : TcpService(options, counters)
{
    protected override Task ServeAsync(Socket socket) =>
        Task.Factory.StartNew(() => Serve(socket), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Serve(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Options.BufferSize);
        try
        {
            var span = buffer.AsSpan(0, Options.BufferSize);
            int read;
            while ((read = socket.Receive(span, SocketFlags.None)) > 0)
            {
                Counters.AddReceived(read);
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
