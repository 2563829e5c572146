using System.Buffers;
using System.Net.Sockets;

namespace Netperf.Perf.Network.Internal;

/// <summary>Reads and counts everything a client sends until it shuts down its side, then closes.</summary>
internal sealed class TcpSinkService(NetperfServerOptions options, ServerCounters counters) : TcpService(options, counters)
{
    protected override async Task ServeAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Options.BufferSize);
        try
        {
            var memory = buffer.AsMemory(0, Options.BufferSize);
            int read;
            while ((read = await socket.ReceiveAsync(memory, SocketFlags.None, Stopping).ConfigureAwait(false)) > 0)
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
