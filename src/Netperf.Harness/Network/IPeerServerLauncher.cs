namespace Netperf.Harness.Network;

/// <summary>
/// Starts a <c>netperf-server</c> where the peer is: a child process here, a command through SSH, or a
/// pair's remote shell (the harness supplies that one). A network test calls it in its global setup with
/// the options it chose and stops the server in its global cleanup.
/// </summary>
public interface IPeerServerLauncher
{
    /// <summary>A short description for logs, such as <c>local process</c> or <c>ssh netperf-peer</c>.</summary>
    string Description { get; }

    /// <summary>Starts a server and waits for its ready line.</summary>
    /// <param name="options">The mode, port and sizes the client chose.</param>
    /// <param name="cancellationToken">Cancels the start; a server half-started is stopped.</param>
    /// <returns>The running server.</returns>
    Task<IPeerServerHandle> StartAsync(PeerServerOptions options, CancellationToken cancellationToken = default);
}
