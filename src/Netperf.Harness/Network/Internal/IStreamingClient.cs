namespace Netperf.Harness.Network.Internal;

/// <summary>A test's connections to the netperf-server that end cleanly and then know how much they moved.</summary>
internal interface IStreamingClient : IAsyncDisposable
{
    /// <summary>What the client counted, in the unit the server counts (bytes, transactions).</summary>
    long Count { get; }

    /// <summary>Ends every connection cleanly, so <see cref="Count"/> equals what the server counted.</summary>
    Task FinishAsync(CancellationToken cancellationToken);
}
