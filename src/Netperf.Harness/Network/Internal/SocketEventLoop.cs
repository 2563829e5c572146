using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// One thread waiting in <c>epoll_wait</c> on many sockets and calling each one's <see cref="ISocketEventHandler"/> when
/// it becomes readable, as each of <c>wrk</c>'s threads does: a request/response client sends from the handler (or the
/// code it completes) and is told when the response is there, so it reads once per response, with no read that finds
/// nothing (the .NET socket engine tries every read before it waits, one failed <c>recv</c> per request) and no queue,
/// lock or thread hop between the event and the read. Sockets are registered edge-triggered: a handler reads until its
/// response is complete or the socket has nothing more, and the next arrival raises a new event.
/// </summary>
internal sealed class SocketEventLoop : IDisposable
{
    private const ulong WakeToken = ulong.MaxValue;
    private const int MaxEvents = 256;
    private readonly int _epoll;
    private readonly int _wake;
    private readonly Thread _thread;
    private readonly Lock _gate = new();
    private ISocketEventHandler?[] _handlers = new ISocketEventHandler?[16];
    private volatile bool _stopping;
    private int _disposed;

    public SocketEventLoop(string name)
    {
        _epoll = LinuxSockets.EpollCreate();
        try
        {
            _wake = LinuxSockets.EventFdCreate();
            LinuxSockets.EpollAdd(_epoll, _wake, LinuxSockets.EpollIn, WakeToken);
        }
        catch
        {
            LinuxSockets.Close(_epoll);
            if (_wake > 0)
            {
                LinuxSockets.Close(_wake);
            }

            throw;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    /// <summary>Adds <paramref name="socket"/> (edge-triggered, readable and hang-up) and returns its slot for <see cref="Unregister"/>.</summary>
    public int Register(Socket socket, ISocketEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(handler);
        int slot;
        lock (_gate)
        {
            slot = Array.IndexOf(_handlers, null);
            if (slot < 0)
            {
                slot = _handlers.Length;
                var grown = new ISocketEventHandler?[_handlers.Length * 2];
                _handlers.CopyTo(grown, 0);
                Volatile.Write(ref _handlers, grown);
            }

            Volatile.Write(ref _handlers[slot], handler);
        }

        try
        {
            LinuxSockets.EpollAdd(_epoll, (int)socket.Handle, LinuxSockets.EpollIn | LinuxSockets.EpollRdHup | LinuxSockets.EpollEt, (ulong)slot);
        }
        catch
        {
            lock (_gate)
            {
                _handlers[slot] = null;
            }

            throw;
        }

        return slot;
    }

    /// <summary>Removes the socket: no event reaches its handler after this returns, except one the loop is handling now.</summary>
    public void Unregister(Socket socket, int slot)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!socket.SafeHandle.IsClosed)
        {
            LinuxSockets.EpollRemove(_epoll, (int)socket.Handle);
        }

        lock (_gate)
        {
            Volatile.Write(ref _handlers[slot], null);
        }
    }

    /// <summary>Stops the thread (it closes the epoll and wake descriptors as it leaves); waits for it unless called on it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        LinuxSockets.EventFdSignal(_wake);
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join();
        }
    }

    private void Run()
    {
        var events = new byte[MaxEvents * LinuxSockets.EpollEventSize];
        var size = LinuxSockets.EpollEventSize;
        var dataOffset = LinuxSockets.EpollDataOffset;
        try
        {
            while (true)
            {
                var count = LinuxSockets.EpollWait(_epoll, events, -1);
                if (count < 0)
                {
                    var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno == LinuxSockets.EIntr)
                    {
                        continue;
                    }

                    FailAll(new InvalidOperationException($"epoll_wait failed: {LinuxSockets.Describe(errno)}; the raw HTTP client's event loop stopped."));
                    return;
                }

                var handlers = Volatile.Read(ref _handlers);
                for (var i = 0; i < count; i++)
                {
                    var at = i * size;
                    var data = BitConverter.ToUInt64(events, at + dataOffset);
                    if (data == WakeToken)
                    {
                        if (_stopping)
                        {
                            return;
                        }

                        continue;
                    }

                    if (data < (ulong)handlers.Length && Volatile.Read(ref handlers[data]) is { } handler)
                    {
                        handler.OnSocketEvent(BitConverter.ToUInt32(events, at));
                    }
                }
            }
        }
        finally
        {
            LinuxSockets.Close(_wake);
            LinuxSockets.Close(_epoll);
        }
    }

    private void FailAll(Exception error)
    {
        ISocketEventHandler?[] handlers;
        lock (_gate)
        {
            handlers = _handlers;
        }

        foreach (var handler in handlers)
        {
            handler?.OnLoopFailed(error);
        }
    }
}
