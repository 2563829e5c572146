using System.ComponentModel;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// TCP request/response (transactions per second, netperf's TCP_RR): send <c>--request-size</c> bytes,
/// read the whole <c>--response-size</c> answer. One operation is one transaction, so <c>--latency</c>
/// gives transaction latency percentiles. The peer's <c>tcp-rr</c> server counts the requests it answered.
/// </summary>
[Description("TCP request/response transactions against the peer's netperf-server (512-byte requests, 4000-byte responses by default).")]
public sealed class TcpRequestResponseTest : BatchPerfTest<TcpRequestResponseOptions>
{
    private readonly NetworkTestLifecycle _lifecycle;
    private TcpRequestResponseClient? _client;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public TcpRequestResponseTest(TcpRequestResponseOptions options)
        : base(options)
    {
        _lifecycle = new NetworkTestLifecycle(options, "requests", r => r.Requests);
    }

    /// <inheritdoc />
    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) =>
        _lifecycle.GlobalSetupAsync(
            new PeerServerOptions { Mode = PeerServerMode.TcpRequestResponse, RequestSize = Options.RequestSize, ResponseSize = Options.ResponseSize },
            cancellationToken);

    /// <inheritdoc />
    public override async Task SetupAsync(CancellationToken cancellationToken = default)
    {
        var endpoint = await _lifecycle.EndpointAsync(cancellationToken).ConfigureAwait(false);
        _client = await TcpRequestResponseClient.ConnectAsync(endpoint, Options.Connections, Options.RequestSize, Options.ResponseSize, Options.Sync, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override int RunBatch(CancellationToken cancellationToken) => _client!.Exchange();

    /// <inheritdoc />
    public override ValueTask<int> RunBatchAsync(CancellationToken cancellationToken) => _client!.ExchangeAsync(cancellationToken);

    /// <inheritdoc />
    public override Task PreCleanupAsync(CancellationToken cancellationToken = default) => _lifecycle.FinishAsync(_client, cancellationToken);

    /// <inheritdoc />
    public override Task GlobalCleanupAsync(CancellationToken cancellationToken = default) => _lifecycle.GlobalCleanupAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        await _lifecycle.DisposeAsync(_client).ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
