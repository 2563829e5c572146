using System.Net;
using System.Net.Sockets;

namespace Netperf.Core.Local.Internal;

/// <summary>
/// Hands out loopback ports for private sshds, one port to one server of this process at a time. A port is picked by
/// binding port 0 and closing the socket (sshd takes no open socket), so until the sshd binds it the kernel may give
/// the same port to anyone else: to another pair's pick (8 pairs picking at once in one process), which the reservation
/// here rules out, or to another program, which the start detects precisely (the sshd fails to bind and exits, and only
/// an sshd that wrote its pid file, which it does after binding, counts as listening). A port stays reserved until its
/// server is proven stopped.
/// </summary>
internal sealed class LoopbackPorts(Func<IPAddress, int> pick)
{
    private readonly HashSet<(IPAddress Address, int Port)> _reserved = [];
    private readonly Lock _gate = new();

    /// <summary>The ports of every private sshd of this process.</summary>
    public static LoopbackPorts Shared { get; } = new(PickFree);

    /// <summary>Reserves a port free right now that no server of this process holds.</summary>
    public int Reserve(IPAddress address)
    {
        // The kernel picks at random among ~14,000 ports, so a clash with our own reservation is rare: a few tries do.
        for (var attempt = 0; attempt < 64; attempt++)
        {
            var port = pick(address);
            lock (_gate)
            {
                if (_reserved.Add((address, port)))
                {
                    return port;
                }
            }
        }

        throw new InvalidOperationException($"No free loopback port on {address} that no private sshd of this process holds was found in 64 picks.");
    }

    /// <summary>Gives a port back, once its server is proven stopped.</summary>
    public void Release(IPAddress address, int port)
    {
        lock (_gate)
        {
            _reserved.Remove((address, port));
        }
    }

    private static int PickFree(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
