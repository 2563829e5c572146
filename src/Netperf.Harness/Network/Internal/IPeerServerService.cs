namespace Netperf.Harness.Network.Internal;

/// <summary>One mode of the server: starts listening, serves until stopped, and drains on stop.</summary>
internal interface IPeerServerService : IAsyncDisposable
{
    /// <summary>Binds and starts serving; returns the port actually bound.</summary>
    Task<int> StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops accepting, lets connections that are ending finish within <paramref name="grace"/>, then closes the rest.</summary>
    Task StopAsync(TimeSpan grace, TimeProvider timeProvider);
}
