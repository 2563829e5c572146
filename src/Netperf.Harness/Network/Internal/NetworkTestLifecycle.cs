using System.Net;

namespace Netperf.Harness.Network.Internal;

/// <summary>The server lifecycle every network test shares (the tests derive from different base classes, so it is composed, not inherited).</summary>
internal sealed class NetworkTestLifecycle(NetworkPerfOptions options, string unit, Func<PeerServerReport, long> serverCount)
{
    private bool _ownsSession;
    private KernelCounters _countersAtStart;

    public async Task GlobalSetupAsync(PeerServerOptions server, CancellationToken cancellationToken)
    {
        options.Outcome = null;
        options.Session = await PeerServerSession.StartAsync(options, server, cancellationToken).ConfigureAwait(false);
        _ownsSession = true;
        // The client side's counters start once the server is up, so they cover the connections and the traffic only.
        _countersAtStart = KernelCounters.Read();
    }

    public Task<IPEndPoint> EndpointAsync(CancellationToken cancellationToken) => PeerServerSession.EndpointForAsync(options, cancellationToken);

    public void AddClientCount(long count) => options.Session?.AddClientCount(count);

    /// <summary>Pre-cleanup of a streaming test: ends the client's connections and adds what it counted.</summary>
    public async Task FinishAsync(IStreamingClient? client, CancellationToken cancellationToken)
    {
        if (client is not null)
        {
            await client.FinishAsync(cancellationToken).ConfigureAwait(false);
            AddClientCount(client.Count);
        }
    }

    public async Task GlobalCleanupAsync(CancellationToken cancellationToken)
    {
        if (_ownsSession && options.Session is { } session)
        {
            options.Outcome = await session.StopAsync(unit, serverCount, _countersAtStart, cancellationToken).ConfigureAwait(false);
            if (options.OutcomeFile is { Length: > 0 } path)
            {
                await PeerServerOutcomeFile.WriteAsync(path, options.Outcome, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Disposal of a streaming test: its client, then the server session if this instance started it.</summary>
    public async ValueTask DisposeAsync(IStreamingClient? client)
    {
        if (client is not null)
        {
            await client.DisposeAsync().ConfigureAwait(false);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsSession && options.Session is { } session)
        {
            await session.AbandonAsync().ConfigureAwait(false);
            options.Session = null;
            _ownsSession = false;
        }
    }
}
