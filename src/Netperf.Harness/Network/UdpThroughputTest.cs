using System.ComponentModel;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// UDP throughput: an operation is one datagram of <c>--size</c> bytes sent to the peer's <c>udp-sink</c>,
/// optionally paced by <c>--datagram-rate</c>. The server counts what arrived; the outcome's relative
/// difference is the loss.
/// </summary>
[Description("UDP datagrams sent to the peer's netperf-server, with received count and loss at the end.")]
public sealed class UdpThroughputTest : PerfStressTest<UdpThroughputOptions>
{
    private readonly NetworkTestLifecycle _lifecycle;
    private UdpSender? _sender;
    private UdpPacer? _pacer;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public UdpThroughputTest(UdpThroughputOptions options)
        : base(options)
    {
        _lifecycle = new NetworkTestLifecycle(options, "datagrams", r => r.Datagrams);
    }

    /// <inheritdoc />
    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) =>
        _lifecycle.GlobalSetupAsync(new PeerServerOptions { Mode = PeerServerMode.UdpSink }, cancellationToken);

    /// <inheritdoc />
    public override async Task SetupAsync(CancellationToken cancellationToken = default)
    {
        _sender = new UdpSender(await _lifecycle.EndpointAsync(cancellationToken).ConfigureAwait(false), Options.Size);
        _pacer = UdpPacer.For(Options);
    }

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken)
    {
        var sequence = _pacer!.Next();
        _pacer.WaitTurn(sequence, cancellationToken);
        _sender!.Send(sequence);
    }

    /// <inheritdoc />
    public override async ValueTask RunAsync(CancellationToken cancellationToken)
    {
        var sequence = _pacer!.Next();
        await _pacer.WaitTurnAsync(sequence, cancellationToken).ConfigureAwait(false);
        await _sender!.SendAsync(sequence, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task PreCleanupAsync(CancellationToken cancellationToken = default)
    {
        if (_sender is not null)
        {
            _lifecycle.AddClientCount(_sender.Sent);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task GlobalCleanupAsync(CancellationToken cancellationToken = default) => _lifecycle.GlobalCleanupAsync(cancellationToken);

    /// <inheritdoc />
    protected override async ValueTask DisposeAsyncCore()
    {
        _sender?.Dispose();
        await _lifecycle.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsyncCore().ConfigureAwait(false);
    }
}
