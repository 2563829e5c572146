namespace Netperf.Harness.Network.Internal;

/// <summary>
/// The runtime's socket-engine environment variables. They are read once, when the first socket of a
/// process is used, so they are set on a process before it starts (or before its first socket).
/// </summary>
internal static class SocketEngineEnvironment
{
    /// <summary>Completions run on the epoll thread instead of being queued to the thread pool.</summary>
    public const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The number of socket-engine (epoll) threads.</summary>
    public const string ThreadCount = "DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT";

    /// <summary>Removes the client's socket-engine settings from a server's environment: the server runs as it would alone.</summary>
    /// <param name="environment">The server process's environment.</param>
    public static void ClearFor(IDictionary<string, string?> environment)
    {
        environment.Remove(InlineCompletions);
        environment.Remove(ThreadCount);
    }
}
