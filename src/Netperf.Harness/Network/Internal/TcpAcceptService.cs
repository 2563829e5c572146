using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>Accepts each connection and closes it at once; the client measures connect-and-close.</summary>
internal sealed class TcpAcceptService(PeerServerOptions options, ServerCounters counters) : TcpService(options, counters)
{
    protected override Task ServeAsync(Socket socket) => Task.CompletedTask;

    protected override bool NeedsTask(Socket socket)
    {
        socket.Dispose();
        return false;
    }
}
