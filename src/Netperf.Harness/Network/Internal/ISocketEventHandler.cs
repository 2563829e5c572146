namespace Netperf.Harness.Network.Internal;

/// <summary>A socket registered with a <see cref="SocketEventLoop"/>: told on the loop's thread what happened to it.</summary>
internal interface ISocketEventHandler
{
    /// <summary>The socket became readable (or hung up, or failed): <paramref name="events"/> are epoll's bits. Must not throw.</summary>
    void OnSocketEvent(uint events);

    /// <summary>The loop stopped waiting because epoll failed; whatever waits on the socket must fail with <paramref name="error"/>.</summary>
    void OnLoopFailed(Exception error);
}
