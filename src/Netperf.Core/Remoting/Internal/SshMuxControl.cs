using System.Buffers.Binary;
using System.Net.Sockets;

namespace Netperf.Core.Remoting.Internal;

/// <summary>
/// Closes an OpenSSH connection master through its control socket in this process, with the multiplexing protocol that
/// <c>ssh -O</c> speaks (OpenSSH's PROTOCOL.mux, version 4): an alive check, whose answer is the master's pid (what
/// <c>ssh -O check</c> prints), then a terminate request (<c>ssh -O exit</c>). Each shell's close started those two ssh
/// programs (about 10 ms of CPU each) only to exchange four short messages.
/// </summary>
internal static class SshMuxControl
{
    private const uint Hello = 0x00000001;
    private const uint AliveCheck = 0x10000004;
    private const uint Terminate = 0x10000005;
    private const uint Ok = 0x80000001;
    private const uint Alive = 0x80000005;
    private const uint Version = 4;

    // The largest packet the master sends here is a refusal with its reason; anything longer is not a master.
    private const int MaxPacket = 64 * 1024;

    /// <summary>
    /// Asks the master on <paramref name="controlPath"/> for its pid and to exit. Returns its pid once it accepted the
    /// exit, 0 when no master listens there (nothing to close, as <c>ssh -O exit</c> would fail), and
    /// <see langword="null"/> when whatever answers does not speak the protocol as expected (the caller then asks ssh).
    /// </summary>
    public static async Task<int?> ExitAsync(string controlPath, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(controlPath), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            // No socket, or no master behind it (it exited and left the file): nothing to close.
            return 0;
        }

        using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            await SendAsync(stream, Hello, Version, cancellationToken).ConfigureAwait(false);
            var hello = await ReceiveAsync(stream, cancellationToken).ConfigureAwait(false);
            if (hello is not { Length: >= 8 } || ReadUInt32(hello, 0) != Hello || ReadUInt32(hello, 4) != Version)
            {
                return null;
            }

            await SendAsync(stream, AliveCheck, 1, cancellationToken).ConfigureAwait(false);
            var alive = await ReceiveAsync(stream, cancellationToken).ConfigureAwait(false);
            if (alive is not { Length: 12 } || ReadUInt32(alive, 0) != Alive || ReadUInt32(alive, 4) != 1 || ReadUInt32(alive, 8) is 0 or > int.MaxValue)
            {
                return null;
            }

            var pid = (int)ReadUInt32(alive, 8);
            await SendAsync(stream, Terminate, 2, cancellationToken).ConfigureAwait(false);

            // The master may close the socket before its answer leaves (ssh -O exit accepts that as done too).
            var answer = await ReceiveAsync(stream, cancellationToken).ConfigureAwait(false);
            return answer is null || (answer.Length >= 8 && ReadUInt32(answer, 0) == Ok && ReadUInt32(answer, 4) == 2) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    private static async Task SendAsync(NetworkStream stream, uint type, uint value, CancellationToken cancellationToken)
    {
        var packet = new byte[12];
        BinaryPrimitives.WriteUInt32BigEndian(packet, 8);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), type);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), value);
        await stream.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One packet's body, or <see langword="null"/> when the master closed the socket before a packet began.</summary>
    private static async Task<byte[]?> ReceiveAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var header = new byte[4];
        var read = await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            return null;
        }

        var length = read < 4 ? uint.MaxValue : BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > MaxPacket)
        {
            throw new IOException("The control socket sent no mux packet.");
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
        return body;
    }

    private static uint ReadUInt32(byte[] packet, int offset) => BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(offset));
}
