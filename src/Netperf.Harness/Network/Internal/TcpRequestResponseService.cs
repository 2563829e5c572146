using System.Buffers;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Reads exactly <see cref="PeerServerOptions.RequestSize"/> bytes, answers with <see cref="PeerServerOptions.ResponseSize"/>
/// bytes, repeats. Each connection is served with blocking calls on a thread of its own, as <c>sockperf server</c> and
/// netperf's TCP_RR serve one: a request wakes the thread that answers it, where an awaited receive would wake the
/// socket engine's thread first and then hop to a thread-pool worker (two wake-ups per transaction, the larger part of a
/// loopback round trip). Stopping disposes the socket, which ends the read.
/// </summary>
internal sealed class TcpRequestResponseService(PeerServerOptions options, ServerCounters counters) : TcpService(options, counters)
{
    protected override Task ServeAsync(Socket socket) =>
        Task.Factory.StartNew(() => Serve(socket), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Serve(Socket socket)
    {
        var request = ArrayPool<byte>.Shared.Rent(Options.RequestSize);
        var response = ArrayPool<byte>.Shared.Rent(Math.Max(1, Options.ResponseSize));
        try
        {
            var requestSpan = request.AsSpan(0, Options.RequestSize);
            var responseSpan = response.AsSpan(0, Options.ResponseSize);
            responseSpan.Fill(0x52);
            while (true)
            {
                var read = SocketIo.ReceiveExactly(socket, requestSpan);
                if (read == 0)
                {
                    break;
                }

                if (read < requestSpan.Length)
                {
                    Counters.AddError();
                    break;
                }

                Counters.AddReceived(read);
                SocketIo.SendAll(socket, responseSpan);
                Counters.AddSent(responseSpan.Length);
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
