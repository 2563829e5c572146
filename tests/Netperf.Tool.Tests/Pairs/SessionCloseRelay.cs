using System.Net.Sockets;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// Holds the CLI's session closes at a gate. A shell closes its shared connection by talking to the master through its
/// control socket (no program started), so the test stands between them: <see cref="PairsCli"/>'s ssh wrapper moves each
/// master to <c>&lt;control path&gt;.held</c> and names the control path in <c>relays</c>; this relay listens on the
/// control path itself, counts each connection that arrives (a close) and, once the gate opens, relays it to the master.
/// </summary>
internal sealed class SessionCloseRelay : IAsyncDisposable
{
    private readonly string _requests;
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _work = [];
    private readonly Task _watch;
    private int _held;

    public SessionCloseRelay(string requests)
    {
        _requests = requests;
        _watch = Task.Run(WatchAsync);
    }

    /// <summary>How many closes wait at the gate now.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Lets every held close (and any later one) go on to its master.</summary>
    public void Open() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Open();
        await _stop.CancelAsync();
        lock (_listeners)
        {
            foreach (var listener in _listeners)
            {
                listener.Dispose();
            }
        }

        Task[] all;
        lock (_listeners)
        {
            all = [.. _work, _watch];
        }

        try
        {
            await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Stopped with the test.
        }

        _stop.Dispose();
    }

    private async Task WatchAsync()
    {
        var seen = 0;
        while (!_stop.IsCancellationRequested)
        {
            var paths = File.Exists(_requests) ? File.ReadAllLines(_requests) : [];
            for (; seen < paths.Length; seen++)
            {
                var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                listener.Bind(new UnixDomainSocketEndPoint(paths[seen]));
                listener.Listen(8);
                lock (_listeners)
                {
                    _listeners.Add(listener);
                    _work.Add(AcceptAsync(listener, paths[seen] + ".held"));
                }
            }

            // The wrapper waits for the socket to appear before it starts ssh: this poll is what it waits for.
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, _stop.Token).ConfigureAwait(false);
        }
    }

    private async Task AcceptAsync(Socket listener, string master)
    {
        while (!_stop.IsCancellationRequested)
        {
            var close = await listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            lock (_listeners)
            {
                _work.Add(RelayAsync(close, master));
            }
        }
    }

    private async Task RelayAsync(Socket close, string master)
    {
        using (close)
        {
            // A close speaks first (its hello) and then waits for the master's: it is held from here until the gate opens,
            // or until it gives up (its socket closes; it then asks ssh -O, which this relay does not hold).
            var hello = new byte[12];
            if (await close.ReceiveAsync(hello, SocketFlags.None, _stop.Token).ConfigureAwait(false) != hello.Length)
            {
                return;
            }

            Interlocked.Increment(ref _held);
            var next = new byte[1];
            var gaveUp = close.ReceiveAsync(next, SocketFlags.None, _stop.Token).AsTask();
            await Task.WhenAny(_gate.Task, gaveUp).ConfigureAwait(false);
            Interlocked.Decrement(ref _held);
            if (!_gate.Task.IsCompleted)
            {
                return;
            }

            using var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await upstream.ConnectAsync(new UnixDomainSocketEndPoint(master), _stop.Token).ConfigureAwait(false);
            await upstream.SendAsync(hello, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            using var fromClose = new NetworkStream(close, ownsSocket: false);
            using var fromMaster = new NetworkStream(upstream, ownsSocket: false);
            var toClose = PumpAsync(fromMaster, fromClose, close);

            // The byte the held close's next message began with went to the watch for its giving up: pass it on first.
            var read = await gaveUp.ConfigureAwait(false);
            if (read > 0)
            {
                await upstream.SendAsync(next.AsMemory(0, read), SocketFlags.None, _stop.Token).ConfigureAwait(false);
            }

            var toMaster = PumpAsync(fromClose, fromMaster, upstream);
            await Task.WhenAll(toMaster, toClose).ConfigureAwait(false);
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, Socket toSocket)
    {
        try
        {
            await from.CopyToAsync(to, _stop.Token).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The other side went away (the master exits once it accepted the exit).
        }

        try
        {
            toSocket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed.
        }
    }
}
