using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>Sends sequence-numbered datagrams of a fixed size on a connected UDP socket.</summary>
internal sealed class UdpSender : IDisposable
{
    private readonly Socket _socket;
    private readonly byte[] _datagram;
    private long _sent;

    public UdpSender(EndPoint peer, int size)
    {
        _socket = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.SendBufferSize = 4 * 1024 * 1024;
        _socket.Connect(peer);
        _datagram = new byte[Math.Max(size, 8)];
        _datagram.AsSpan(8).Fill(0x44);
    }

    /// <summary>Datagrams sent so far (also the next sequence number of this sender).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    public async ValueTask SendAsync(long sequence, CancellationToken cancellationToken)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_datagram, sequence);
        await _socket.SendAsync(_datagram, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _sent);
    }

    public void Send(long sequence)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_datagram, sequence);
        _socket.Send(_datagram, SocketFlags.None);
        Interlocked.Increment(ref _sent);
    }

    public void Dispose() => _socket.Dispose();
}
