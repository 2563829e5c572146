using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

public sealed class OpenSshShellTests(SharedSshServer shared) : IClassFixture<SharedSshServer>
{
    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_Command_StreamsBothOutputsAndReturnsExitCode()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = server.CreateShell();
        var outLines = new List<string>();
        var errLines = new List<string>();

        var result = await shell.RunAsync(new RemoteCommand
        {
            Text = "echo one; echo two >&2; echo three; exit 3",
            Timeout = TimeSpan.FromSeconds(30),
            OnOutputLine = outLines.Add,
            OnErrorLine = errLines.Add,
        });

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("one\nthree\n", result.StandardOutput);
        Assert.Equal("two\n", result.StandardError);
        Assert.Equal(["one", "three"], outLines);
        Assert.Equal(["two"], errLines);
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_NativeFlavor_TheFarShellGetsTheTextAsGiven()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = new OpenSshShell(server.Target() with { Flavor = RemoteShellFlavor.Native });

        var result = await shell.RunAsync(new RemoteCommand { Text = "tr '\\0' ' ' < /proc/$$/cmdline; exit 4", Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(4, result.ExitCode);
        Assert.EndsWith("-c tr '\\0' ' ' < /proc/$$/cmdline; exit 4 \n", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("netperf-pgid", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_StandardInput_ReachesRemoteCommand()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = server.CreateShell();

        var result = await shell.RunAsync(new RemoteCommand { Text = "tr a-z A-Z", StandardInput = "hello\nworld\n", Timeout = TimeSpan.FromSeconds(30) });

        Assert.True(result.Succeeded, result.StandardError);
        Assert.Equal("HELLO\nWORLD\n", result.StandardOutput);
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_Timeout_KillsRemoteProcess()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = server.CreateShell();
        var token = ProcessProbe.Token();

        var result = await shell.RunAsync(new RemoteCommand { Text = $"sleep {token}; echo never", Timeout = TimeSpan.FromSeconds(2) });

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.DoesNotContain("never", result.StandardOutput, StringComparison.Ordinal);
        Assert.True(await ProcessProbe.IsGoneWithinAsync($"sleep {token}", TimeSpan.FromSeconds(5)), "the remote sleep survived the timeout");
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_Cancelled_KillsRemoteProcessAndThrows()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = server.CreateShell();
        var token = ProcessProbe.Token();
        using var cancel = new CancellationTokenSource();
        var started = new TaskCompletionSource();

        var run = shell.RunAsync(
            new RemoteCommand { Text = $"echo started; sleep {token}", Timeout = TimeSpan.FromMinutes(1), OnOutputLine = _ => started.TrySetResult() },
            cancel.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await ProcessProbe.IsRunningAsync($"sleep {token}"));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(await ProcessProbe.IsGoneWithinAsync($"sleep {token}", TimeSpan.FromSeconds(5)), "the remote sleep survived the cancellation");
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task CopyToAndFrom_File_RoundTrips()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = server.CreateShell();
        var source = Path.Combine(server.Folder, "source.txt");
        var remote = Path.Combine(server.Folder, "remote.txt");
        var back = Path.Combine(server.Folder, "back.txt");
        await File.WriteAllTextAsync(source, "payload ✓\n");

        await shell.CopyToAsync(source, remote);
        var seen = await shell.RunAsync(new RemoteCommand { Text = $"cat '{remote}'", Timeout = TimeSpan.FromSeconds(30) });
        await shell.CopyFromAsync(remote, back);

        Assert.Equal("payload ✓\n", seen.StandardOutput);
        Assert.Equal("payload ✓\n", await File.ReadAllTextAsync(back));
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task CopyFromAsync_MissingFile_ThrowsIOException()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        await using var shell = server.CreateShell();

        await Assert.ThrowsAsync<IOException>(() => shell.CopyFromAsync(Path.Combine(server.Folder, "missing"), Path.Combine(server.Folder, "x")));
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task DisposeAsync_AfterCommands_RemovesControlSocketAndFolder()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        var shell = server.CreateShell();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await shell.RunAsync(new RemoteCommand { Text = "true", Timeout = TimeSpan.FromSeconds(30) })).Succeeded);
        }

        var folder = shell.PrivateFolderPath!;
        Assert.NotEmpty(Directory.GetFileSystemEntries(folder, "cm-*"));

        await shell.DisposeAsync();

        Assert.False(Directory.Exists(folder));
        Assert.False(await ProcessProbe.IsRunningAsync(folder), "the connection master outlived the shell");
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task DisposeAsync_MasterRunning_ClosesItWithoutStartingSsh()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        var folder = PrivateTestFolder.Create("npr-sshlog-");
        try
        {
            // An ssh that notes each start: the command's, and nothing more once the shell closes its master.
            var log = Path.Combine(folder, "starts.log");
            var wrapper = Path.Combine(folder, "ssh");
            File.WriteAllText(wrapper, $"#!/bin/sh\ncase \" $* \" in *' -O '*) echo control >> '{log}' ;; *) echo command >> '{log}' ;; esac\nexec ssh \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var shell = new OpenSshShell(server.Target() with { SshPath = wrapper });
            Assert.True((await shell.RunAsync(new RemoteCommand { Text = "true", Timeout = TimeSpan.FromSeconds(30) })).Succeeded);
            var control = shell.PrivateFolderPath!;
            Assert.NotEmpty(Directory.GetFileSystemEntries(control, "cm-*"));

            await shell.DisposeAsync();

            Assert.Equal(["command"], File.ReadAllLines(log));
            Assert.False(await ProcessProbe.IsRunningAsync(control), "the connection master outlived the shell");
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_WrongPinnedHostKey_RefusesToConnect()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        var wrong = Path.Combine(server.Folder, "wrong_known_hosts");
        await File.WriteAllTextAsync(wrong, $"[127.0.0.1]:{server.Server.Port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ\n");
        await using var shell = new OpenSshShell(server.Target() with { KnownHostsFile = wrong });

        var result = await shell.RunAsync(new RemoteCommand { Text = "echo should-not-run", Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(255, result.ExitCode);
        Assert.DoesNotContain("should-not-run", result.StandardOutput, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_DefaultPolicyUnknownHostKey_RefusesToConnect()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        var empty = Path.Combine(server.Folder, "empty_known_hosts");
        await File.WriteAllTextAsync(empty, string.Empty);
        var pinned = server.Target();

        // No HostKeyPolicy set: the default must not trust whichever key answers first.
        await using var shell = new OpenSshShell(new OpenSshTarget
        {
            Host = pinned.Host,
            Port = pinned.Port,
            User = pinned.User,
            IdentityFile = pinned.IdentityFile,
            KnownHostsFile = empty,
        });

        var result = await shell.RunAsync(new RemoteCommand { Text = "echo should-not-run", Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal(255, result.ExitCode);
        Assert.Contains("Host key verification failed", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(await File.ReadAllTextAsync(empty));
    }

    [Fact]
    public void Constructor_DefaultPolicyWithoutKnownHostsFile_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => new OpenSshShell(new OpenSshTarget { Host = "client.example" }));

        Assert.Contains("KnownHostsFile", error.Message, StringComparison.Ordinal);
        Assert.Contains("HostKeyPolicy.AcceptNewThenStrict", error.Message, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task RunAsync_AcceptNewThenStrict_PinsHostKeyOnFirstContact()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var server = await shared.GetAsync();
        var knownHosts = Path.Combine(server.Folder, "tofu_known_hosts");
        await using var shell = new OpenSshShell(server.Target() with { KnownHostsFile = knownHosts, HostKeyPolicy = HostKeyPolicy.AcceptNewThenStrict });

        var first = await shell.RunAsync(new RemoteCommand { Text = "echo first", Timeout = TimeSpan.FromSeconds(30) });
        var second = await shell.RunAsync(new RemoteCommand { Text = "echo second", Timeout = TimeSpan.FromSeconds(30) });

        Assert.True(first.Succeeded, first.StandardError);
        Assert.True(second.Succeeded, second.StandardError);
        var pinned = await File.ReadAllTextAsync(knownHosts);
        Assert.Contains(server.Server.HostPublicKey.Split(' ')[1], pinned, StringComparison.Ordinal);
    }
}
