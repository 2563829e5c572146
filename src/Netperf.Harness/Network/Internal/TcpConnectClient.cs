using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>An operation is one TCP connection established, accepted and closed by the server, then closed here.</summary>
internal sealed class TcpConnectClient(EndPoint peer)
{
    private readonly byte[] _probe = new byte[1];
    private long _connections;

    /// <summary>Connections completed (the server's close was seen).</summary>
    public long Completed => Interlocked.Read(ref _connections);

    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(peer, cancellationToken).ConfigureAwait(false);
        await WaitForCloseAsync(socket, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _connections);
    }

    public void Connect()
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(peer);
        try
        {
            socket.Receive(_probe);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed by the server either way.
        }

        Interlocked.Increment(ref _connections);
    }

    private async ValueTask WaitForCloseAsync(Socket socket, CancellationToken cancellationToken)
    {
        try
        {
            // The server accepts and closes; reading its FIN proves the accept happened (and was counted).
            await socket.ReceiveAsync(_probe, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Closed by the server either way.
        }
    }
}
