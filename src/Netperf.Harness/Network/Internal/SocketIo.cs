using System.Net.Sockets;

namespace Netperf.Harness.Network.Internal;

/// <summary>Loops that complete a whole buffer over a stream socket, allocation-free (ValueTask socket operations).</summary>
internal static class SocketIo
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the peer ends; returns bytes read (0 = ended before any).</summary>
    public static async ValueTask<int> ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await socket.ReceiveAsync(buffer[total..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Sends the whole buffer.</summary>
    public static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            total += await socket.SendAsync(buffer[total..], SocketFlags.None, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Synchronous <see cref="ReceiveExactlyAsync"/> for <c>--sync</c> runs.</summary>
    public static int ReceiveExactly(Socket socket, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = socket.Receive(buffer[total..], SocketFlags.None);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    /// <summary>Synchronous <see cref="SendAllAsync"/>.</summary>
    public static void SendAll(Socket socket, ReadOnlySpan<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            total += socket.Send(buffer[total..], SocketFlags.None);
        }
    }

    /// <summary>Shuts down the sending side and reads until the peer closes; returns the bytes drained.</summary>
    public static async ValueTask<long> ShutdownAndDrainAsync(Socket socket, Memory<byte> scratch, CancellationToken cancellationToken)
    {
        socket.Shutdown(SocketShutdown.Send);
        long drained = 0;
        int read;
        while ((read = await socket.ReceiveAsync(scratch, SocketFlags.None, cancellationToken).ConfigureAwait(false)) > 0)
        {
            drained += read;
        }

        return drained;
    }
}
