using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>Opens client sockets the way every network test wants them (no Nagle delay).</summary>
internal static class SocketConnector
{
    /// <summary>
    /// Connects a TCP socket. With <paramref name="blocking"/> (a <c>--sync</c> run) the connect itself is a blocking call:
    /// once a socket has run one asynchronous operation, .NET keeps it non-blocking in the kernel and carries out every
    /// later synchronous Send/Receive by waiting for the socket engine's thread to signal readiness, two thread wake-ups
    /// per call where a blocking system call has one (measured: about half of a loopback round trip, and the client's
    /// CPU per transaction doubled). A socket that never ran an asynchronous operation makes plain blocking calls.
    /// </summary>
    public static async Task<Socket> ConnectAsync(EndPoint peer, bool blocking, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (blocking)
            {
                cancellationToken.ThrowIfCancellationRequested();
                socket.Connect(peer);
            }
            else
            {
                await socket.ConnectAsync(peer, cancellationToken).ConfigureAwait(false);
            }

            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
