using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Netperf.Core.Local;
using Netperf.Core.Local.Internal;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;
using Netperf.Testing.Ssh;

namespace Netperf.Core.Tests.Local;

/// <summary>The private sshd's start and stop when ports change hands (many pairs at once, other programs on the machine).</summary>
public sealed class PrivateSshServerTests
{
    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task StartAsync_AnotherProgramTookThePortBeforeSshdBound_StartsOnAnotherPortAndLeavesItAlone()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        // The interleaving: the port is picked, then another program (another pair's sshd, a test server) binds it first.
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var taken = ((IPEndPoint)other.LocalEndpoint).Port;
        var picks = 0;
        var ports = new LoopbackPorts(address => Interlocked.Increment(ref picks) == 1 ? taken : PickFree(address));
        var logs = new RecordingLoggerFactory();
        var folder = PrivateTestFolder.Create("npr-sshd-");
        try
        {
            var server = await PrivateSshServer.StartAsync(Path.Combine(folder, "server"), null, logs.CreateLogger("sshd"), null, launched: null, ports, CancellationToken.None);
            await using (server)
            {
                Assert.NotEqual(taken, server.Port);
                Assert.StartsWith("SSH-2.0-", await BannerAsync(server.Port));
                Assert.Contains(logs.Lines, line => line.Contains("[1301]", StringComparison.Ordinal) && line.Contains(taken.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }

            // The other program's listener was never touched.
            using var client = new TcpClient();
            var accepted = other.AcceptSocketAsync();
            await client.ConnectAsync(IPAddress.Loopback, taken);
            (await accepted).Dispose();
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task DisposeAsync_OpenSession_LeavesNoProcessOfTheServer()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var fixture = await SshServerFixture.StartAsync();
        var target = fixture.Target();
        using var ssh = Process.Start(new ProcessStartInfo("ssh", [
            "-i", target.IdentityFile!, "-o", "UserKnownHostsFile=" + target.KnownHostsFile, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
            "-p", fixture.Server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), target.User + "@" + target.Host, "echo up; exec sleep 300",
        ]) { RedirectStandardOutput = true, RedirectStandardInput = true })!;
        Assert.Equal("up", await ssh.StandardOutput.ReadLineAsync());
        var sessions = ProcessIdentity.Descendants(fixture.Server.ProcessId);
        Assert.NotEmpty(sessions);

        await fixture.DisposeAsync();

        Assert.DoesNotContain(sessions, s => ProcessIdentity.IsAlive(s.Pid, s.StartTicks));
        await ssh.WaitForExitAsync();
    }

    private static int PickFree(IPAddress address)
    {
        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> BannerAsync(int port)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var buffer = new byte[64];
        var read = await client.GetStream().ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read);
    }
}
