using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// A TCP listener with one task per accepted connection. Modes override <see cref="ServeAsync"/>.
/// Connections end when the client shuts down its side; stop waits for them, then closes what is left.
/// </summary>
internal abstract class TcpService : IPeerServerService
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;

    protected TcpService(PeerServerOptions options, ServerCounters counters)
    {
        Options = options;
        Counters = counters;
        _listener = new Socket(options.BindAddress.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
    }

    protected PeerServerOptions Options { get; }

    protected ServerCounters Counters { get; }

    protected CancellationToken Stopping => _stopping.Token;

    public Task<int> StartAsync(CancellationToken cancellationToken)
    {
        _listener.Bind(new IPEndPoint(Options.BindAddress, Options.Port));
        _listener.Listen(1024);
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
        return Task.FromResult(((IPEndPoint)_listener.LocalEndPoint!).Port);
    }

    public async Task StopAsync(TimeSpan grace, TimeProvider timeProvider)
    {
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        var all = Task.WhenAll(_connections.Values);
        try
        {
            await all.WaitAsync(grace, timeProvider).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
            foreach (var socket in _connections.Keys)
            {
                socket.Dispose();
            }

            await all.ConfigureAwait(false);
        }
    }

    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        _stopping.Cancel();
        foreach (var socket in _connections.Keys)
        {
            socket.Dispose();
        }

        _stopping.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Serves one connection until the client ends it; must not throw for ordinary resets.</summary>
    protected abstract Task ServeAsync(Socket socket);

    /// <summary>Called for an accepted connection before it gets a task; return false to have handled it inline.</summary>
    protected virtual bool NeedsTask(Socket socket) => true;

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            Counters.AddConnection();
            if (!NeedsTask(socket))
            {
                continue;
            }

            socket.NoDelay = true;
            // Registered before it starts, so a connection that ends at once is never left in the table.
            var start = new Task<Task>(() => RunConnectionAsync(socket));
            _connections.TryAdd(socket, start.Unwrap());
            start.Start(TaskScheduler.Default);
        }
    }

    private async Task RunConnectionAsync(Socket socket)
    {
        try
        {
            await ServeAsync(socket).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Counters.AddError();
        }
        finally
        {
            socket.Dispose();
            _connections.TryRemove(socket, out _);
        }
    }
}
