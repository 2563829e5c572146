using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// One test instance's TCP streams for throughput: each operation moves one full buffer over every
/// connection (send for up, receive for down). Buffers are pooled and operations allocate nothing.
/// </summary>
internal sealed class TcpStreamClient : IStreamingClient
{
    private readonly Socket[] _sockets;
    private readonly byte[] _buffer;
    private readonly int _bufferSize;
    private long _bytes;

    private TcpStreamClient(Socket[] sockets, int bufferSize)
    {
        _sockets = sockets;
        _bufferSize = bufferSize;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
        _buffer.AsSpan(0, bufferSize).Fill(0x55);
    }

    /// <summary>Bytes moved so far, including what was drained at the end.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The number of connections (buffers moved per operation).</summary>
    public int Connections => _sockets.Length;

    /// <inheritdoc />
    public long Count => Bytes;

    public static async Task<TcpStreamClient> ConnectAsync(EndPoint peer, int connections, int bufferSize, bool blocking, CancellationToken cancellationToken)
    {
        var sockets = new Socket[connections];
        try
        {
            for (var i = 0; i < connections; i++)
            {
                sockets[i] = await SocketConnector.ConnectAsync(peer, blocking, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            foreach (var s in sockets)
            {
                s?.Dispose();
            }

            throw;
        }

        return new TcpStreamClient(sockets, bufferSize);
    }

    /// <summary>Sends one buffer on every connection; returns the number of buffers sent.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> SendAsync(CancellationToken cancellationToken)
    {
        var memory = _buffer.AsMemory(0, _bufferSize);
        foreach (var socket in _sockets)
        {
            await SocketIo.SendAllAsync(socket, memory, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, _bufferSize);
        }

        return _sockets.Length;
    }

    /// <summary>Synchronous <see cref="SendAsync"/>.</summary>
    public int Send()
    {
        var span = _buffer.AsSpan(0, _bufferSize);
        foreach (var socket in _sockets)
        {
            SocketIo.SendAll(socket, span);
            Interlocked.Add(ref _bytes, _bufferSize);
        }

        return _sockets.Length;
    }

    /// <summary>Receives one full buffer from every connection; returns the number of buffers received.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(CancellationToken cancellationToken)
    {
        var memory = _buffer.AsMemory(0, _bufferSize);
        foreach (var socket in _sockets)
        {
            var read = await SocketIo.ReceiveExactlyAsync(socket, memory, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, read);
            if (read < _bufferSize)
            {
                throw new InvalidOperationException($"The netperf-server closed the stream after {Bytes} bytes; check that it is still running on the peer.");
            }
        }

        return _sockets.Length;
    }

    /// <summary>Synchronous <see cref="ReceiveAsync"/>.</summary>
    public int Receive()
    {
        var span = _buffer.AsSpan(0, _bufferSize);
        foreach (var socket in _sockets)
        {
            var read = SocketIo.ReceiveExactly(socket, span);
            Interlocked.Add(ref _bytes, read);
            if (read < _bufferSize)
            {
                throw new InvalidOperationException($"The netperf-server closed the stream after {Bytes} bytes; check that it is still running on the peer.");
            }
        }

        return _sockets.Length;
    }

    /// <summary>
    /// Ends every stream cleanly: shuts down the sending side and reads until the server closes, counting
    /// what was still in flight, so <see cref="Bytes"/> equals what the server counted.
    /// </summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        var scratch = _buffer.AsMemory(0, _bufferSize);
        foreach (var socket in _sockets)
        {
            var drained = await SocketIo.ShutdownAndDrainAsync(socket, scratch, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _bytes, drained);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        ArrayPool<byte>.Shared.Return(_buffer);
        return ValueTask.CompletedTask;
    }
}
