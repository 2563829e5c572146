using System.Buffers;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>Reads exactly <see cref="PeerServerOptions.RequestSize"/> bytes, answers with <see cref="PeerServerOptions.ResponseSize"/> bytes, repeats.</summary>
internal sealed class TcpRequestResponseService(PeerServerOptions options, ServerCounters counters) : TcpService(options, counters)
{
    protected override async Task ServeAsync(Socket socket)
    {
        var request = ArrayPool<byte>.Shared.Rent(Options.RequestSize);
        var response = ArrayPool<byte>.Shared.Rent(Math.Max(1, Options.ResponseSize));
        try
        {
            var requestMemory = request.AsMemory(0, Options.RequestSize);
            var responseMemory = response.AsMemory(0, Options.ResponseSize);
            responseMemory.Span.Fill(0x52);
            while (true)
            {
                var read = await SocketIo.ReceiveExactlyAsync(socket, requestMemory, Stopping).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                if (read < requestMemory.Length)
                {
                    Counters.AddError();
                    break;
                }

                Counters.AddReceived(read);
                await SocketIo.SendAllAsync(socket, responseMemory, Stopping).ConfigureAwait(false);
                Counters.AddSent(responseMemory.Length);
                Counters.AddRequest();
            }

            socket.Shutdown(SocketShutdown.Send);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(request);
            ArrayPool<byte>.Shared.Return(response);
        }
    }
}
