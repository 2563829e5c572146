using System.ComponentModel;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// TCP connection setup rate (netperf's TCP_CC): an operation is a connection established, accepted and
/// closed by the peer's <c>tcp-accept</c> server, then closed here. The server counts what it accepted.
/// </summary>
[Description("TCP connections established and closed per second against the peer's netperf-server.")]
public sealed class TcpConnectTest : PerfStressTest<NetworkPerfOptions>
{
    private readonly NetworkTestLifecycle _lifecycle;
    private TcpConnectClient? _client;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public TcpConnectTest(NetworkPerfOptions options)
        : base(options)
    {
        _lifecycle = new NetworkTestLifecycle(options, "connections", r => r.Connections);
    }

    /// <inheritdoc />
    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) =>
        _lifecycle.GlobalSetupAsync(new PeerServerOptions { Mode = PeerServerMode.TcpAccept }, cancellationToken);

    /// <inheritdoc />
    public override async Task SetupAsync(CancellationToken cancellationToken = default) =>
        _client = new TcpConnectClient(await _lifecycle.EndpointAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken) => _client!.Connect();

    /// <inheritdoc />
    public override ValueTask RunAsync(CancellationToken cancellationToken) => _client!.ConnectAsync(cancellationToken);

    /// <inheritdoc />
    public override Task PreCleanupAsync(CancellationToken cancellationToken = default)
    {
        if (_client is not null)
        {
            _lifecycle.AddClientCount(_client.Completed);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task GlobalCleanupAsync(CancellationToken cancellationToken = default) => _lifecycle.GlobalCleanupAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
