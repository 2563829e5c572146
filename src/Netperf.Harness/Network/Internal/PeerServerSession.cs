using System.Net;

namespace Netperf.Harness.Network.Internal;

/// <summary>
/// The server side of one run: started by the first instance's global setup with the options the
/// client chose, shared through the options object with every instance of this process, stopped and
/// checked gone at global cleanup (or at disposal when cleanup is skipped).
/// </summary>
internal sealed class PeerServerSession
{
    private readonly IPeerServerHandle? _server;
    private readonly string _launcher;
    private long _clientCount;
    private bool _stopped;

    private PeerServerSession(IPEndPoint endpoint, IPeerServerHandle? server, string launcher)
    {
        Endpoint = endpoint;
        _server = server;
        _launcher = launcher;
    }

    public IPEndPoint Endpoint { get; }

    public static async Task<PeerServerSession> StartAsync(NetworkPerfOptions options, PeerServerOptions server, CancellationToken cancellationToken)
    {
        var peer = PeerAddress.Parse(options.Peer);
        if (options.ExternalServer)
        {
            var external = await peer.ResolveAsync(peer.Port!.Value, cancellationToken).ConfigureAwait(false);
            return new PeerServerSession(external, null, "external");
        }

        server.Port = peer.Port ?? 0;
        server.BindAddress = IPAddress.Parse(options.ServerBind);
        // The server ends by itself a while after the run should have ended, whatever happens to the client.
        server.MaxLifetime = TimeSpan.FromSeconds(options.Warmup + ((long)options.Duration * options.Iterations) + 300);
        var launcher = ChooseLauncher(options, peer);
        var running = await launcher.StartAsync(server, cancellationToken).ConfigureAwait(false);
        try
        {
            var endpoint = await peer.ResolveAsync(running.Ready.Port, cancellationToken).ConfigureAwait(false);
            return new PeerServerSession(endpoint, running, launcher.Description);
        }
        catch
        {
            await running.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The endpoint for an instance: the session's, or (in a process without the session) the explicit --peer port.</summary>
    public static async Task<IPEndPoint> EndpointForAsync(NetworkPerfOptions options, CancellationToken cancellationToken)
    {
        if (options.Session is { } session)
        {
            return session.Endpoint;
        }

        var peer = PeerAddress.Parse(options.Peer);
        return peer.Port is { } port
            ? await peer.ResolveAsync(port, cancellationToken).ConfigureAwait(false)
            : throw new InvalidOperationException("This process did not start the netperf-server and --peer has no port; give --peer HOST:PORT so every process connects to the same server.");
    }

    public void AddClientCount(long count) => Interlocked.Add(ref _clientCount, count);

    /// <summary>Stops the server (once), checks its process is gone, and builds the outcome with the client's counters since <paramref name="clientStart"/>.</summary>
    public async Task<PeerServerOutcome> StopAsync(string unit, Func<PeerServerReport, long> serverCount, KernelCounters clientStart, CancellationToken cancellationToken)
    {
        var clientCount = Interlocked.Read(ref _clientCount);
        var clientCounters = KernelCounters.Read().Since(clientStart, unit, clientCount);
        PeerServerReport? report = null;
        var gone = false;
        if (_server is not null && !_stopped)
        {
            _stopped = true;
            try
            {
                report = await _server.StopAsync(cancellationToken).ConfigureAwait(false);
                gone = !await _server.IsRunningAsync(cancellationToken).ConfigureAwait(false);
                if (!gone)
                {
                    throw new InvalidOperationException($"The netperf-server (pid {_server.Ready.ProcessId}, via {_launcher}) reported but is still running; stop it by hand.");
                }
            }
            finally
            {
                await _server.DisposeAsync().ConfigureAwait(false);
            }
        }

        return new PeerServerOutcome
        {
            Launcher = _launcher,
            Ready = _server?.Ready,
            Report = report,
            ServerStopped = gone,
            Unit = unit,
            ClientCount = clientCount,
            ClientCounters = clientCounters,
            ServerCount = report is null ? null : serverCount(report),
        };
    }

    /// <summary>Kills the server if cleanup never stopped it (a failed run, <c>--no-cleanup</c>).</summary>
    public async ValueTask AbandonAsync()
    {
        if (_server is not null && !_stopped)
        {
            _stopped = true;
            await _server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static IPeerServerLauncher ChooseLauncher(NetworkPerfOptions options, PeerAddress peer)
    {
        if (options.ServerLauncher is { } launcher)
        {
            return launcher;
        }

        if (options.InProcessServer)
        {
            return new InProcessPeerServerLauncher();
        }

        if (!string.IsNullOrWhiteSpace(options.ServerVia))
        {
            var prefix = options.ServerVia.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var dll = DotnetHost.TestAssembly(options.ServerDll);
            return new ProcessPeerServerLauncher(prefix[0], [.. prefix[1..], DotnetHost.Path, dll], options.ServerVia);
        }

        return peer.IsLoopback
            ? ProcessPeerServerLauncher.Local(options.ServerDll)
            : ProcessPeerServerLauncher.Ssh(peer.Host, DotnetHost.TestAssembly(options.ServerDll));
    }
}
