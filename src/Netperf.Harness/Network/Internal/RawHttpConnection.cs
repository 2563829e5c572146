using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Tasks.Sources;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// One keep-alive HTTP/1.1 connection that sends a fixed GET and reads each response to the end of its body, as
/// <c>wrk</c> does: the request's bytes are made once, the response is read by an <see cref="HttpResponseReader"/>, and
/// nothing is allocated per request.
/// </summary>
/// <remarks>
/// Three ways to wait for a response: <see cref="Get"/> blocks in <c>recv</c> (<c>--sync</c>); on Linux an asynchronous
/// connection is driven by a <see cref="SocketEventLoop"/>, like one of <c>wrk</c>'s threads (<see cref="GetAsync"/> sends
/// and returns; the loop reads the response when epoll says it is there and completes the operation on its own thread,
/// from where the next request goes out); elsewhere <see cref="GetAsync"/> uses the .NET socket engine.
/// </remarks>
internal sealed class RawHttpConnection : IDisposable, IValueTaskSource, ISocketEventHandler
{
    private const int Idle = 0;
    private const int Awaiting = 1;
    private const int Broken = 2;
    private readonly Socket _socket;
    private readonly byte[] _request;

    // Not pooled: an event loop may still be reading into it when a connection is disposed mid-request.
    private readonly HttpResponseReader _reader = new();
    private readonly SocketEventLoopGroup? _group;
    private readonly SocketEventLoop? _loop;
    private readonly int _slot;
    private ManualResetValueTaskSourceCore<bool> _completion;
    private int _state;
    private long _responses;
    private CancellationToken _registeredToken;
    private CancellationTokenRegistration _registration;
    private int _disposed;

    private RawHttpConnection(Socket socket, byte[] request, SocketEventLoopGroup? group, SocketEventLoop? loop)
    {
        _socket = socket;
        _request = request;
        _group = group;
        _loop = loop;
        if (loop is not null)
        {
            _slot = loop.Register(socket, this);
        }
    }

    /// <summary>Responses read to their end so far.</summary>
    public long Responses => Volatile.Read(ref _responses);

    /// <summary>True when the connection is driven by an event loop (see the remarks).</summary>
    public bool UsesEventLoop => _loop is not null;

    /// <summary>
    /// Connects. With <paramref name="blocking"/> for <see cref="Get"/>; otherwise for <see cref="GetAsync"/>, on a loop of
    /// <paramref name="loops"/> (started with <paramref name="loopCount"/> loops) where it is given and epoll exists.
    /// </summary>
    public static async Task<RawHttpConnection> ConnectAsync(IPEndPoint peer, string path, bool blocking, SocketEventLoopGroup? loops, int loopCount, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var host = peer.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{peer.Address}]:{peer.Port}" : $"{peer.Address}:{peer.Port}";
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");

        // The event loop reads the socket itself: the socket must never run a .NET asynchronous operation (that would
        // register it with the runtime's own epoll thread as well, which would then wake for every response too).
        var onLoop = !blocking && loops is not null && LinuxSockets.IsSupported;
        var socket = await SocketConnector.ConnectAsync(peer, blocking || onLoop, cancellationToken).ConfigureAwait(false);
        if (!onLoop)
        {
            return new RawHttpConnection(socket, request, null, null);
        }

        var loop = loops!.Acquire(loopCount);
        try
        {
            return new RawHttpConnection(socket, request, loops, loop);
        }
        catch
        {
            loops.Release();
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends the GET and completes when the whole response has been read.</summary>
    public ValueTask GetAsync(CancellationToken cancellationToken)
    {
        if (_loop is null)
        {
            return GetWithSocketEngineAsync(cancellationToken);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        if (Volatile.Read(ref _state) != Idle)
        {
            throw new InvalidOperationException("The raw HTTP connection failed earlier (or a request is still in flight); it sends one request at a time.");
        }

        if (cancellationToken.CanBeCanceled && !cancellationToken.Equals(_registeredToken))
        {
            _registration.Dispose();
            _registration = cancellationToken.UnsafeRegister(static s => ((RawHttpConnection)s!).Cancel(), this);
            _registeredToken = cancellationToken;
        }

        _completion.Reset();
        _reader.Reset();
        var version = _completion.Version;
        Volatile.Write(ref _state, Awaiting);

        // The response can come back, and the loop complete this operation, before the send returns: the ValueTask
        // below is then complete already.
        try
        {
            SendAll();
        }
        catch (Exception e)
        {
            Fail(e);
        }

        return new ValueTask(this, version);
    }

    /// <summary>Synchronous <see cref="GetAsync"/> (blocking calls: connect with blocking).</summary>
    public void Get()
    {
        SocketIo.SendAll(_socket, _request);
        _reader.Reset();
        while (!_reader.Advance(_socket.Receive(_reader.Free.Span, SocketFlags.None)))
        {
        }

        _responses++;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _registration.Dispose();
        if (_loop is not null)
        {
            _loop.Unregister(_socket, _slot);
            _group!.Release();
        }

        _socket.Dispose();
        if (Interlocked.Exchange(ref _state, Broken) == Awaiting)
        {
            _completion.SetException(new ObjectDisposedException(nameof(RawHttpConnection), "The raw HTTP connection was closed while a request was in flight."));
        }
    }

    void ISocketEventHandler.OnSocketEvent(uint events)
    {
        if (Volatile.Read(ref _state) != Awaiting)
        {
            return;
        }

        try
        {
            while (true)
            {
                var read = LinuxSockets.ReceiveNonBlocking(_socket.SafeHandle, _reader.Free.Span, out var errno);
                if (read >= 0)
                {
                    if (_reader.Advance(read))
                    {
                        Complete();
                        return;
                    }
                }
                else if (errno == LinuxSockets.EAgain)
                {
                    // The rest is still on its way; its arrival raises the next event.
                    return;
                }
                else if (errno != LinuxSockets.EIntr)
                {
                    throw new InvalidOperationException($"Reading the response failed: {LinuxSockets.Describe(errno)}; check that the netperf-server is still running.");
                }
            }
        }
        catch (Exception e)
        {
            Fail(e);
        }
    }

    void ISocketEventHandler.OnLoopFailed(Exception error) => Fail(error);

    void IValueTaskSource.GetResult(short token) => _completion.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _completion.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask GetWithSocketEngineAsync(CancellationToken cancellationToken)
    {
        await SocketIo.SendAllAsync(_socket, _request, cancellationToken).ConfigureAwait(false);
        _reader.Reset();
        while (!_reader.Advance(await _socket.ReceiveAsync(_reader.Free, SocketFlags.None, cancellationToken).ConfigureAwait(false)))
        {
        }

        _responses++;
    }

    private void SendAll()
    {
        var sent = 0;
        while (sent < _request.Length)
        {
            var n = LinuxSockets.Send(_socket.SafeHandle, _request.AsSpan(sent), out var errno);
            if (n >= 0)
            {
                sent += n;
            }
            else if (errno != LinuxSockets.EIntr)
            {
                throw new InvalidOperationException($"Sending the request failed: {LinuxSockets.Describe(errno)}; check that the netperf-server is still running.");
            }
        }
    }

    private void Complete()
    {
        if (Interlocked.CompareExchange(ref _state, Idle, Awaiting) == Awaiting)
        {
            _responses++;
            _completion.SetResult(true);
        }
    }

    private void Fail(Exception error)
    {
        if (Interlocked.CompareExchange(ref _state, Broken, Awaiting) == Awaiting)
        {
            _completion.SetException(error);
        }
    }

    private void Cancel()
    {
        if (Interlocked.CompareExchange(ref _state, Broken, Awaiting) == Awaiting)
        {
            _completion.SetException(new OperationCanceledException(_registeredToken));
        }
    }
}
