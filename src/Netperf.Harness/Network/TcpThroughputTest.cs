using System.ComponentModel;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// TCP bulk throughput to (<c>up</c>) or from (<c>down</c>) the peer. An operation is one buffer of
/// <c>--buffer-size</c> bytes on one connection, so bytes/s = ops/s × buffer size. The peer's
/// <c>netperf-server</c> (<c>tcp-sink</c> or <c>tcp-source</c>) counts the bytes; at the end every stream is
/// ended cleanly so both sides' totals match exactly.
/// </summary>
[Description("TCP throughput up or down to the peer's netperf-server (ops are buffers of --buffer-size bytes).")]
public sealed class TcpThroughputTest : BatchPerfTest<TcpThroughputOptions>
{
    private readonly NetworkTestLifecycle _lifecycle;
    private TcpStreamClient? _client;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public TcpThroughputTest(TcpThroughputOptions options)
        : base(options)
    {
        _lifecycle = new NetworkTestLifecycle(options, "bytes", r => options.IsDown ? r.BytesSent : r.BytesReceived);
    }

    /// <inheritdoc />
    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) =>
        _lifecycle.GlobalSetupAsync(
            new PeerServerOptions { Mode = Options.IsDown ? PeerServerMode.TcpSource : PeerServerMode.TcpSink, BufferSize = Options.BufferSize },
            cancellationToken);

    /// <inheritdoc />
    public override async Task SetupAsync(CancellationToken cancellationToken = default)
    {
        var endpoint = await _lifecycle.EndpointAsync(cancellationToken).ConfigureAwait(false);
        _client = await TcpStreamClient.ConnectAsync(endpoint, Options.Connections, Options.BufferSize, Options.Sync, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override int RunBatch(CancellationToken cancellationToken) => Options.IsDown ? _client!.Receive() : _client!.Send();

    /// <inheritdoc />
    public override ValueTask<int> RunBatchAsync(CancellationToken cancellationToken) =>
        Options.IsDown ? _client!.ReceiveAsync(cancellationToken) : _client!.SendAsync(cancellationToken);

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
