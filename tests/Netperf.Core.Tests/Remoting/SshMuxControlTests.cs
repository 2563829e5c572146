using System.Buffers.Binary;
using System.Net.Sockets;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

/// <summary>
/// The in-process close of a connection master against a stand-in master on a Unix socket that speaks OpenSSH's mux
/// protocol and records what it was sent (the real master: <see cref="OpenSshShellTests"/>).
/// </summary>
public sealed class SshMuxControlTests : IDisposable
{
    private readonly string _folder = PrivateTestFolder.Create("npr-mux-");

    private string SocketPath => Path.Combine(_folder, "cm");

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ExitAsync_Master_SendsHelloAliveCheckTerminateAndReturnsItsPid()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var listener = Listen();
        var master = ServeAsync(listener, version: 4, pid: 4242, answerTerminate: true);

        var pid = await SshMuxControl.ExitAsync(SocketPath, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(4242, pid);
        Assert.Equal([(0x00000001u, 4u), (0x10000004u, 1u), (0x10000005u, 2u)], await master.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ExitAsync_MasterClosesBeforeAnsweringTheExit_ReturnsItsPid()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var listener = Listen();
        var master = ServeAsync(listener, version: 4, pid: 77, answerTerminate: false);

        var pid = await SshMuxControl.ExitAsync(SocketPath, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(77, pid);
        Assert.Equal(3, (await master.WaitAsync(TimeSpan.FromSeconds(30))).Count);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ExitAsync_OtherProtocolVersion_ReturnsNullAndSendsNoExit()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var listener = Listen();
        var master = ServeAsync(listener, version: 5, pid: 4242, answerTerminate: true);

        var pid = await SshMuxControl.ExitAsync(SocketPath, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Null(pid);
        Assert.Equal([(0x00000001u, 4u)], await master.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ExitAsync_NoSocket_ReturnsZero()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        Assert.Equal(0, await SshMuxControl.ExitAsync(SocketPath, CancellationToken.None));
    }

    public void Dispose() => PrivateTestFolder.Delete(_folder);

    private Socket Listen()
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        listener.Listen(1);
        return listener;
    }

    /// <summary>Plays one master connection; returns each packet's (type, second field) as received, until the client closes.</summary>
    private static async Task<List<(uint Type, uint Value)>> ServeAsync(Socket listener, uint version, uint pid, bool answerTerminate)
    {
        using var connection = await listener.AcceptAsync();
        using var stream = new NetworkStream(connection, ownsSocket: false);
        var received = new List<(uint, uint)>();
        await stream.WriteAsync(Packet(0x00000001, version));
        while (await ReadAsync(stream) is { } packet)
        {
            received.Add(packet);
            switch (packet.Type)
            {
                case 0x10000004:
                    await stream.WriteAsync(Packet(0x80000005, packet.Value, pid));
                    break;
                case 0x10000005 when answerTerminate:
                    await stream.WriteAsync(Packet(0x80000001, packet.Value));
                    break;
                case 0x10000005:
                    return received;
            }
        }

        return received;
    }

    private static async Task<(uint Type, uint Value)?> ReadAsync(NetworkStream stream)
    {
        var header = new byte[4];
        if (await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false) < 4)
        {
            return null;
        }

        var body = new byte[BinaryPrimitives.ReadUInt32BigEndian(header)];
        await stream.ReadExactlyAsync(body);
        return (BinaryPrimitives.ReadUInt32BigEndian(body), BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(4)));
    }

    private static byte[] Packet(params uint[] fields)
    {
        var packet = new byte[4 + (4 * fields.Length)];
        BinaryPrimitives.WriteUInt32BigEndian(packet, (uint)(4 * fields.Length));
        for (var i = 0; i < fields.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4 + (4 * i)), fields[i]);
        }

        return packet;
    }
}
