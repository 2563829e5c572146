namespace Netperf.Harness.Network;

/// <summary>
/// Runs the server inside this process: for a peer that is this machine when no test executable can be
/// started (unit tests, <c>--server in-process</c>). Counts and sockets are real; only the process is shared.
/// </summary>
public sealed class InProcessPeerServerLauncher : IPeerServerLauncher
{
    /// <inheritdoc />
    public string Description => "in-process";

    /// <inheritdoc />
    public async Task<IPeerServerHandle> StartAsync(PeerServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var server = new PeerServer(options);
        try
        {
            var port = await server.StartAsync(cancellationToken).ConfigureAwait(false);
            return new Running(server, new PeerServerReady { Mode = PeerServerModes.ToName(options.Mode), Port = port, ProcessId = Environment.ProcessId });
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private sealed class Running(PeerServer server, PeerServerReady ready) : IPeerServerHandle
    {
        private bool _stopped;

        public PeerServerReady Ready => ready;

        public async Task<PeerServerReport> StopAsync(CancellationToken cancellationToken = default)
        {
            var report = await server.StopAsync().ConfigureAwait(false);
            await server.DisposeAsync().ConfigureAwait(false);
            _stopped = true;
            return report;
        }

        public Task<bool> IsRunningAsync(CancellationToken cancellationToken = default) => Task.FromResult(!_stopped);

        public ValueTask DisposeAsync() => server.DisposeAsync();
    }
}
