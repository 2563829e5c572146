using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// The server side of the network tests, in-process: listens in one <see cref="PeerServerMode"/>,
/// counts what it served, and reports the counts when stopped. The <c>netperf-server</c> command
/// (<see cref="PeerServerCommand"/>) runs one of these in its own process on the peer.
/// </summary>
public sealed class PeerServer : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private readonly PeerServerOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ServerCounters _counters = new();
    private readonly IPeerServerService _service;
    private PeerServerReport? _final;
    private KernelCounters _countersAtStart;
    private int _port = -1;
    private int _disposed;

    /// <summary>Creates a server; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="options">What to serve and where; validated here.</param>
    /// <param name="timeProvider">The clock for stop grace periods; defaults to <see cref="TimeProvider.System"/>.</param>
    public PeerServer(PeerServerOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _service = options.Mode switch
        {
            PeerServerMode.TcpSink => new TcpSinkService(options, _counters),
            PeerServerMode.TcpSource => new TcpSourceService(options, _counters),
            PeerServerMode.TcpRequestResponse => new TcpRequestResponseService(options, _counters),
            PeerServerMode.TcpAccept => new TcpAcceptService(options, _counters),
            PeerServerMode.UdpSink => new UdpSinkService(options, _counters),
            PeerServerMode.Http => new HttpService(options, _counters),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Mode, "Unknown netperf-server mode."),
        };
    }

    /// <summary>The mode served.</summary>
    public PeerServerMode Mode => _options.Mode;

    /// <summary>The port bound; valid after <see cref="StartAsync"/>.</summary>
    public int Port => _port >= 0 ? _port : throw new InvalidOperationException("The server has not started; call StartAsync first.");

    /// <summary>Binds and starts serving.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The port bound.</returns>
    public async Task<int> StartAsync(CancellationToken cancellationToken = default)
    {
        if (_port >= 0)
        {
            throw new InvalidOperationException("The server is already started.");
        }

        _countersAtStart = KernelCounters.Read();
        _port = await _service.StartAsync(cancellationToken).ConfigureAwait(false);
        return _port;
    }

    /// <summary>The counts so far (while running they may still change).</summary>
    /// <param name="stopReason">The reason to put in the report.</param>
    /// <returns>A report of the counters.</returns>
    public PeerServerReport Snapshot(string stopReason = "running")
    {
        var (unit, units) = ServedUnits();
        return new()
        {
            Mode = PeerServerModes.ToName(_options.Mode),
            Port = _port,
            Connections = _counters.Connections,
            BytesReceived = _counters.BytesReceived,
            BytesSent = _counters.BytesSent,
            Requests = _counters.Requests,
            Datagrams = _counters.Datagrams,
            OutOfOrder = _counters.OutOfOrder,
            HighestSequence = _counters.HighestSequence,
            Errors = _counters.Errors,
            KernelDrops = _counters.KernelDrops,
            Counters = _port >= 0 ? KernelCounters.Read().Since(_countersAtStart, unit, units) : null,
            StopReason = stopReason,
        };
    }

    /// <summary>
    /// Stops listening, lets connections the clients are ending finish (up to 5 s), closes the rest,
    /// and returns the final counts. Calling it again returns the same report.
    /// </summary>
    /// <param name="stopReason">Why it stops: <c>stop</c>, <c>stdin-eof</c>, <c>signal</c>, <c>max-lifetime</c>.</param>
    /// <returns>The final counts.</returns>
    public async Task<PeerServerReport> StopAsync(string stopReason = "stop")
    {
        if (_final is not null)
        {
            return _final;
        }

        await _service.StopAsync(StopGrace, _timeProvider).ConfigureAwait(false);
        _final = Snapshot(stopReason);
        return _final;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _disposed, 1) == 0 ? _service.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>What this mode serves and how much of it, the unit of its CPU cost (the same the client counts).</summary>
    private (string Unit, long Units) ServedUnits() => _options.Mode switch
    {
        PeerServerMode.TcpSink => ("bytes", _counters.BytesReceived),
        PeerServerMode.TcpSource => ("bytes", _counters.BytesSent),
        PeerServerMode.TcpRequestResponse or PeerServerMode.Http => ("requests", _counters.Requests),
        PeerServerMode.TcpAccept => ("connections", _counters.Connections),
        _ => ("datagrams", _counters.Datagrams),
    };
}
