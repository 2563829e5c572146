using Netperf.Core.Bootstrapping;
using Netperf.Core.Local;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Tests.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Local;

public sealed class LocalVmPairProviderTests
{
    [IntegrationFact(Prerequisite.OpenSsh)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task CreateBootstrapDelete_LocalPair_ProvenReadyOverSshAndLeavesNothing()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        var texts = new List<string>();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request());
        var pid = kit.State(pair.Id).GetProperty("SshdPid").GetInt32();
        var config = kit.State(pair.Id).GetProperty("SshdConfig").GetString()!;
        var port = int.Parse(pair.Peer.Addresses[0].Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            Assert.True(OwnershipTags.IsOurs(pair.Tags));
            Assert.Equal("ssh", pair.Tags[PeerBootstrapper.TransportTag]);
            var bootstrapper = new PeerBootstrapper(kit.Logs.CreateLogger<PeerBootstrapper>());

            var report = await bootstrapper.BootstrapAsync(pair, new BootstrapRequirements { Tools = ["sh", "ssh"] });
            texts.AddRange(report.Steps.Select(s => s.Detail ?? string.Empty));

            Assert.True(report.IsReady, string.Join("\n", report.Steps.Select(s => $"{s.Name} {s.Outcome} {s.Detail}")));
            Assert.Equal("ssh", report.Transport);
            Assert.Equal(["generate-key", "install-key", "pin-host-key", "peer-alias", "tools", "prove-ready"], report.Steps.Select(s => s.Name));
            Assert.All(report.Steps, s => Assert.Equal(ReadinessStepOutcome.Succeeded, s.Outcome));

            // NETPERF_PAIR exists only in sessions of this pair's sshd: the command really went through netperf-peer.
            var onPeer = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = PeerBootstrapper.CommandForPeer(pair, "echo pair=$NETPERF_PAIR"), Timeout = TimeSpan.FromSeconds(60) });
            texts.Add(onPeer.StandardOutput + onPeer.StandardError);
            Assert.True(onPeer.Succeeded, onPeer.StandardError);
            Assert.Equal($"pair={pair.Id}", onPeer.StandardOutput.Trim());

            // The session's bash is a nested one (the private sshd sets SHLVL=1), so it does not source ~/.bashrc for
            // every command; without it bash raises SHLVL from nothing to 1 and sources it.
            var level = await pair.Client.Shell.RunAsync(new RemoteCommand
            {
                Text = PeerBootstrapper.CommandForPeer(pair, "echo shlvl=$SHLVL; [ -z \"$BASH_VERSION\" ] || echo bash=yes"),
                Timeout = TimeSpan.FromSeconds(60),
            });
            Assert.True(level.Succeeded, level.StandardError);
            if (level.StandardOutput.Contains("bash=yes", StringComparison.Ordinal))
            {
                Assert.Contains("shlvl=2\n", level.StandardOutput, StringComparison.Ordinal);
            }

            // Idempotent: a second run is ready too and authorizes the pair key once only.
            var again = await bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);
            texts.AddRange(again.Steps.Select(s => s.Detail ?? string.Empty));
            Assert.True(again.IsReady);
            var authorized = await File.ReadAllLinesAsync(Path.Combine(kit.StateDirectory, "pairs", pair.Id, "peer", "authorized_keys"));
            Assert.Equal(2, authorized.Length);

            var listed = Assert.Single(await kit.Provider.ListPairsAsync());
            Assert.Equal(pair.Id, listed.Id);
            Assert.Equal("run-42-1", listed.Tags[OwnershipTags.Run]);

            var keyFile = Path.Combine(kit.StateDirectory, "pairs", pair.Id, "client", "id_ed25519");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));

            var secrets = kit.PrivateKeyLines(pair.Id);
            Assert.True(secrets.Count >= 9, "expected three private keys to scan for");
            await kit.Provider.DeletePairAsync(pair.Id);

            // Nothing of the pair is left: no sshd, the port is free, no key, config or state file.
            Assert.False(File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains(config, StringComparison.Ordinal));
            Assert.False(await ProcessProbe.IsRunningAsync(config));
            Assert.True(PortIsFree(port));
            Assert.Empty(kit.Leftovers());
            Assert.False(Directory.Exists(Path.Combine(Netperf.Core.Remoting.Internal.NetperfPaths.StateRoot(), "pairs", pair.Id)));
            Assert.Empty(await kit.Provider.ListPairsAsync());

            // No log line, report or output of this test holds private key material.
            var everything = kit.Logs.Lines.Concat(texts).ToList();
            Assert.NotEmpty(kit.Logs.Lines);
            foreach (var secret in secrets)
            {
                Assert.DoesNotContain(everything, line => line.Contains(secret, StringComparison.Ordinal));
            }
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
            await kit.Provider.DisposeAsync();
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task CreateBootstrap_LocalPair_BothSshConnectionsUseTheHostLocalKeyExchange()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request());
        try
        {
            Assert.True(pair.LinkStaysOnHost);
            var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);
            Assert.True(report.IsReady, string.Join("\n", report.Steps.Select(s => $"{s.Name} {s.Outcome} {s.Detail}")));

            // The orchestrator's connection to the peer (its arguments are checked in OpenSshArgumentsTests).
            Assert.Equal(SshKeyExchange.HostLocal, Assert.IsType<OpenSshShell>(pair.Peer.Shell).Target.KeyExchangeAlgorithms);
            var reopened = await kit.SecondProvider().OpenPairAsync(pair.Id);
            Assert.True(reopened.LinkStaysOnHost);
            Assert.Equal(SshKeyExchange.HostLocal, Assert.IsType<OpenSshShell>(reopened.Peer.Shell).Target.KeyExchangeAlgorithms);
            await reopened.Peer.Shell.DisposeAsync();
            await reopened.Client.Shell.DisposeAsync();

            // The client's netperf-peer alias: the real ssh and sshd settle on P-256 ECDH (HostLocal's first), not OpenSSH 9's sntrup761 hybrid.
            var verbose = await pair.Client.Shell.RunAsync(new RemoteCommand
            {
                Text = PeerBootstrapper.CommandForPeer(pair, "true").Replace("exec ssh -F", "exec ssh -v -F", StringComparison.Ordinal),
                Timeout = TimeSpan.FromSeconds(60),
            });
            Assert.True(verbose.Succeeded, verbose.StandardError);
            Assert.Contains("kex: algorithm: ecdh-sha2-nistp256\n", verbose.StandardError.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
            await kit.Provider.DisposeAsync();
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task CreatePairAsync_LocalPair_RunsNoProbeAndThePeersFirstCommandOpensTheConnection()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request());
        try
        {
            var sshd = kit.State(pair.Id).GetProperty("SshdPid").GetInt32();
            Assert.Empty(Netperf.Core.Remoting.Internal.ProcessIdentity.Descendants(sshd));

            var first = await pair.Peer.Shell.RunAsync(new RemoteCommand { Text = "echo pair=$NETPERF_PAIR", Timeout = TimeSpan.FromSeconds(60) });

            Assert.True(first.Succeeded, first.StandardError);
            Assert.Equal($"pair={pair.Id}", first.StandardOutput.Trim());
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
            await kit.Provider.DisposeAsync();
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task DeletePairAsync_FromAnotherInstance_StopsSshdAndRemovesFiles()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request("npr-cross"));
        var config = kit.State(pair.Id).GetProperty("SshdConfig").GetString()!;
        var other = kit.SecondProvider();

        var listed = await other.ListPairsAsync();
        await other.DeletePairAsync("npr-cross");

        Assert.Equal("npr-cross", Assert.Single(listed).Id);
        Assert.False(await ProcessProbe.IsRunningAsync(config));
        Assert.Empty(kit.Leftovers());
        await kit.Provider.DisposeAsync();
        await kit.Provider.DeletePairAsync("npr-cross");
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task DeletePairAsync_PortTakenByAnotherListenerAfterItsSshdExited_DeletesAndLeavesTheListenerAlone()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        // The interleaving of many pairs at once: a pair's sshd is gone, another pair's sshd (here a listener) takes the
        // freed port, then the first pair's deletion checks what it stopped.
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request("npr-port"));
        var pid = kit.State(pair.Id).GetProperty("SshdPid").GetInt32();
        var port = kit.State(pair.Id).GetProperty("SshdPort").GetInt32();
        using (var sshd = System.Diagnostics.Process.GetProcessById(pid))
        {
            sshd.Kill();
            await sshd.WaitForExitAsync();
        }

        using var other = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        other.Start();

        await kit.Provider.DeletePairAsync(pair.Id);

        Assert.Empty(kit.Leftovers());
        using var client = new System.Net.Sockets.TcpClient();
        var accepted = other.AcceptSocketAsync();
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        (await accepted).Dispose();
        await kit.Provider.DisposeAsync();
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task CreateAndDelete_EightPairsAtOnceInOneProcess_EachHasItsOwnPortAndNothingIsLeft()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();

        var pairs = await Task.WhenAll(Enumerable.Range(1, 8).Select(i => kit.Provider.CreatePairAsync(LocalPairTestKit.Request($"npr-many{i}"))));
        var ports = pairs.Select(p => kit.State(p.Id).GetProperty("SshdPort").GetInt32()).ToList();
        await Task.WhenAll(pairs.Select(p => kit.Provider.DeletePairAsync(p.Id)));

        Assert.Equal(8, ports.Distinct().Count());
        Assert.Empty(kit.Leftovers());
        Assert.DoesNotContain(kit.Logs.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal));
        await kit.Provider.DisposeAsync();
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task CreatePairAsync_SshdFailsToStart_ThrowsAndLeavesNothing()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit(o => o.SshdPath = "/bin/false");

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => kit.Provider.CreatePairAsync(LocalPairTestKit.Request()));

        Assert.Equal("start-sshd", error.Step);
        Assert.Empty(kit.Leftovers());
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task CreatePairAsync_Cancelled_ThrowsAndLeavesNothing()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => kit.Provider.CreatePairAsync(LocalPairTestKit.Request(), cancel.Token));

        Assert.Empty(kit.Leftovers());
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CreateAndBootstrap_NoSshd_FallsBackToLocalProcessAndSaysSo()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var kit = new LocalPairTestKit(o => o.SshdPath = LocalOptions.NoSshd);
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request());

        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { Tools = ["sh"] });
        await kit.Provider.DeletePairAsync(pair.Id);

        Assert.True(report.IsReady);
        Assert.Equal("local-process (no sshd found)", report.Transport);
        Assert.Equal(ReadinessStepOutcome.Skipped, report.Steps.Single(s => s.Name == "install-key").Outcome);
        Assert.Equal(ReadinessStepOutcome.Succeeded, report.Steps.Single(s => s.Name == "prove-ready").Outcome);
        Assert.Empty(kit.Leftovers());
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task ExtendExpiryAsync_LaterExpiry_IsStoredForEveryProcessAndAnEarlierOneChangesNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var kit = new LocalPairTestKit(o => o.SshdPath = LocalOptions.NoSshd);
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request());
        var later = pair.ExpiresAt + TimeSpan.FromHours(3);

        Assert.True(await kit.Provider.ExtendExpiryAsync(pair.Id, later));
        Assert.True(await kit.Provider.ExtendExpiryAsync(pair.Id, pair.ExpiresAt));
        var listed = Assert.Single(await kit.SecondProvider().ListPairsAsync());
        await kit.Provider.DeletePairAsync(pair.Id);

        Assert.Equal(later, OwnershipTags.TryGetExpiry(listed.Tags));
        await Assert.ThrowsAsync<InvalidOperationException>(() => kit.Provider.ExtendExpiryAsync(pair.Id, later));
        Assert.Empty(kit.Leftovers());
    }

    [Fact]
    public async Task CreatePairAsync_OtherEnvironment_Throws()
    {
        using var kit = new LocalPairTestKit();
        var request = LocalPairTestKit.Request() with { Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "azure" } };

        await Assert.ThrowsAsync<ArgumentException>(() => kit.Provider.CreatePairAsync(request));
    }

    [Fact]
    public async Task ListPairsAsync_NoStateFolder_ReturnsEmpty()
    {
        using var kit = new LocalPairTestKit();

        Assert.Empty(await kit.Provider.ListPairsAsync());
    }

    private static bool PortIsFree(int port)
    {
        try
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
