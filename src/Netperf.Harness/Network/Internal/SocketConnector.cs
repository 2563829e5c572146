using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>Opens client sockets the way every network test wants them (no Nagle delay).</summary>
internal static class SocketConnector
{
    public static async Task<Socket> ConnectAsync(EndPoint peer, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(peer, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
