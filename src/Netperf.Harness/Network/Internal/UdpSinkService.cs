using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// Counts datagrams and bytes; the first 8 bytes of a datagram, when present, are the client's
/// little-endian sequence number, from which reordering is counted. On stop it drains what is queued.
/// </summary>
internal sealed class UdpSinkService(PeerServerOptions options, ServerCounters counters) : IPeerServerService
{
    private const int MaxDatagram = 65536;
    private readonly Socket _socket = new(options.BindAddress.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stopping = new();
    private readonly byte[] _buffer = new byte[MaxDatagram];
    private Task _loop = Task.CompletedTask;
    private long? _dropsAtStart;

    public Task<int> StartAsync(CancellationToken cancellationToken)
    {
        // A large receive buffer so bursts are not dropped by the server's own socket.
        _socket.ReceiveBufferSize = 8 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(options.BindAddress, options.Port));
        _dropsAtStart = KernelUdpDrops.Read();
        _loop = Task.Run(ReceiveLoopAsync, CancellationToken.None);
        return Task.FromResult(((IPEndPoint)_socket.LocalEndPoint!).Port);
    }

    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        while (_socket.Available > 0)
        {
            Count(_socket.Receive(_buffer));
        }

        counters.KernelDrops = KernelUdpDrops.Read() - _dropsAtStart;

        _socket.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _socket.Dispose();
        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task ReceiveLoopAsync()
    {
        var memory = _buffer.AsMemory();
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                Count(await _socket.ReceiveAsync(memory, SocketFlags.None, _stopping.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP errors surface on UDP receives; they do not end the sink.
                counters.AddError();
            }
        }
    }

    private void Count(int length)
    {
        var sequence = length >= 8 ? BinaryPrimitives.ReadInt64LittleEndian(_buffer) : -1;
        counters.AddDatagram(length, sequence);
    }
}
