using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Netperf.Harness.Network.Internal;

/// <summary>One test instance's request/response connections: an operation is one request and its full response on each.</summary>
internal sealed class TcpRequestResponseClient : IStreamingClient
{
    private readonly Socket[] _sockets;
    private readonly byte[] _request;
    private readonly byte[] _response;
    private readonly int _requestSize;
    private readonly int _responseSize;
    private long _transactions;

    private TcpRequestResponseClient(Socket[] sockets, int requestSize, int responseSize)
    {
        _sockets = sockets;
        _requestSize = requestSize;
        _responseSize = responseSize;
        _request = ArrayPool<byte>.Shared.Rent(requestSize);
        _response = ArrayPool<byte>.Shared.Rent(Math.Max(1, responseSize));
        _request.AsSpan(0, requestSize).Fill(0x51);
    }

    /// <summary>Completed request/response transactions so far.</summary>
    public long Transactions => Interlocked.Read(ref _transactions);

    /// <inheritdoc />
    public long Count => Transactions;

    public static async Task<TcpRequestResponseClient> ConnectAsync(EndPoint peer, int connections, int requestSize, int responseSize, bool blocking, CancellationToken cancellationToken)
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

        return new TcpRequestResponseClient(sockets, requestSize, responseSize);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ExchangeAsync(CancellationToken cancellationToken)
    {
        var request = _request.AsMemory(0, _requestSize);
        var response = _response.AsMemory(0, _responseSize);
        foreach (var socket in _sockets)
        {
            await SocketIo.SendAllAsync(socket, request, cancellationToken).ConfigureAwait(false);
            var read = await SocketIo.ReceiveExactlyAsync(socket, response, cancellationToken).ConfigureAwait(false);
            if (read < _responseSize)
            {
                throw new InvalidOperationException($"The netperf-server closed the connection mid-response after {Transactions} transactions; check that it is running with --response-size {_responseSize}.");
            }

            Interlocked.Increment(ref _transactions);
        }

        return _sockets.Length;
    }

    public int Exchange()
    {
        var request = _request.AsSpan(0, _requestSize);
        var response = _response.AsSpan(0, _responseSize);
        foreach (var socket in _sockets)
        {
            SocketIo.SendAll(socket, request);
            if (SocketIo.ReceiveExactly(socket, response) < _responseSize)
            {
                throw new InvalidOperationException($"The netperf-server closed the connection mid-response after {Transactions} transactions; check that it is running with --response-size {_responseSize}.");
            }

            Interlocked.Increment(ref _transactions);
        }

        return _sockets.Length;
    }

    /// <summary>Ends each connection and waits for the server to close it, so its count is final.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        var scratch = _response.AsMemory(0, Math.Max(1, _responseSize));
        foreach (var socket in _sockets)
        {
            await SocketIo.ShutdownAndDrainAsync(socket, scratch, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        ArrayPool<byte>.Shared.Return(_request);
        ArrayPool<byte>.Shared.Return(_response);
        return ValueTask.CompletedTask;
    }
}
