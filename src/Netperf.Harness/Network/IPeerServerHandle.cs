namespace Netperf.Harness.Network;

/// <summary>A running <c>netperf-server</c>, started by an <see cref="IPeerServerLauncher"/>.</summary>
public interface IPeerServerHandle : IAsyncDisposable
{
    /// <summary>What the server announced: mode, port, process id on the peer.</summary>
    PeerServerReady Ready { get; }

    /// <summary>
    /// Stops the server, waits for its report, and checks that its process is gone.
    /// Throws <see cref="InvalidOperationException"/> when it does not stop or report in time.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting (the server is then killed).</param>
    /// <returns>What the server counted.</returns>
    Task<PeerServerReport> StopAsync(CancellationToken cancellationToken = default);

    /// <summary>Whether the server's process is still running (asked of the peer, not remembered).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> while it runs.</returns>
    Task<bool> IsRunningAsync(CancellationToken cancellationToken = default);
}
