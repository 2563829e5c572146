using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netperf.Core.Pairs;
using Netperf.Harness.Network;
using Netperf.Harness.Tests.Fakes;

namespace Netperf.Harness.Tests.Network;

/// <summary>The two ways the server side is started in a child process: a local process and a remote shell.</summary>
public sealed class PeerServerLauncherTests
{
    [Fact]
    public async Task ProcessLauncher_StartSendStop_ReportsBytesAndProcessIsGone()
    {
        var launcher = ProcessPeerServerLauncher.Local(TestApp.Path);
        await using var server = await launcher.StartAsync(new PeerServerOptions { Mode = PeerServerMode.TcpSink, BindAddress = IPAddress.Loopback });
        Assert.NotEqual(Environment.ProcessId, server.Ready.ProcessId);
        Assert.True(await server.IsRunningAsync());

        await SendAndCloseAsync(server.Ready.Port, 12345);
        var report = await server.StopAsync();

        Assert.Equal(12345, report.BytesReceived);
        Assert.Equal("stdin-eof", report.StopReason);
        Assert.False(await server.IsRunningAsync());
        Assert.False(ProcessExists(server.Ready.ProcessId));
    }

    [Fact]
    public async Task ProcessLauncher_BadDll_FailsWithStderr()
    {
        var launcher = new ProcessPeerServerLauncher("dotnet", ["/nonexistent/netperf.dll"]);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => launcher.StartAsync(new PeerServerOptions()));
        Assert.Contains("exited with code", e.Message);
    }

    [Fact]
    public async Task RemoteShellLauncher_StartSendStop_KillsByPidAndChecksGone()
    {
        var shell = new ShellCommandShell();
        var peer = new Machine { Name = "peer", Addresses = ["127.0.0.1"], OsFamily = OsFamily.Linux, Shell = shell };
        var launcher = new RemoteShellPeerServerLauncher(peer, TestApp.Path);
        await using var server = await launcher.StartAsync(new PeerServerOptions { Mode = PeerServerMode.TcpSink, BindAddress = IPAddress.Loopback });
        Assert.True(await server.IsRunningAsync());

        await SendAndCloseAsync(server.Ready.Port, 777);
        var report = await server.StopAsync();

        Assert.Equal(777, report.BytesReceived);
        Assert.Equal("signal", report.StopReason);
        Assert.False(await server.IsRunningAsync());
        Assert.Contains(shell.Commands, c => c.Contains("netperf-server --mode tcp-sink", StringComparison.Ordinal) && c.Contains("--no-stdin", StringComparison.Ordinal));
        Assert.Contains(shell.Commands, c => c == $"kill -TERM {server.Ready.ProcessId}");
    }

    private static async Task SendAndCloseAsync(int port, int bytes)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        await socket.SendAsync(new byte[bytes]);
        socket.Shutdown(SocketShutdown.Send);
        Assert.Equal(0, await socket.ReceiveAsync(new byte[16]));
    }

    private static bool ProcessExists(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
