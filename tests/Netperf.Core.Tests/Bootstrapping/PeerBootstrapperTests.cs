using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Core.Tests.Bootstrapping;

public sealed class PeerBootstrapperTests
{
    private const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ netperf-pair-p1";

    [Fact]
    public async Task BootstrapAsync_AllStepsSucceed_ReadyOnlyAfterProof()
    {
        var (pair, client, peer) = Pair();

        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3"] });

        Assert.True(report.IsReady, Describe(report));
        Assert.Equal("ssh", report.Transport);
        Assert.Equal(["generate-key", "install-key", "pin-host-key", "peer-alias", "tools", "prove-ready"], report.Steps.Select(s => s.Name));
        var proof = client.Commands[^1].Text;
        Assert.Contains("exec ssh -F \"$d/ssh_config\" netperf-peer", proof, StringComparison.Ordinal);
        Assert.Contains("command -v '\\''iperf3'\\''", proof, StringComparison.Ordinal);
        Assert.Contains(peer.Commands, c => c.Text.Contains(PublicKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task BootstrapAsync_NoTools_OneCommandOnThePeerAndThreeOnTheClient()
    {
        var (pair, client, peer) = Pair();

        var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.True(report.IsReady, Describe(report));

        // Each command is a round trip (and, over ssh, a start of the account's shell): the peer authorizes the key and
        // lists its host keys in one; the client writes known_hosts and the alias in one.
        var both = Assert.Single(peer.Commands).Text;
        Assert.Contains(PublicKey, both, StringComparison.Ordinal);
        Assert.Contains("hostkey=", both, StringComparison.Ordinal);
        Assert.Equal(3, client.Commands.Count);
        var written = client.Commands[1].Text;
        Assert.Contains("known_hosts", written, StringComparison.Ordinal);
        Assert.Contains("[10.0.0.5]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ", written, StringComparison.Ordinal);
        Assert.Contains("Host netperf-peer", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_ProofFails_NeverReady()
    {
        var (pair, _, _) = Pair(proof: _ => FakeShell.Fail(255, "ssh: connect to host 127.0.0.1 port 2222: Connection refused"));

        var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        Assert.Equal("prove-ready", report.FirstFailure?.Name);
        Assert.Contains("Connection refused", report.FirstFailure?.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_ProofEchoesWrongNonce_NotReady()
    {
        var (pair, _, _) = Pair(proof: _ => FakeShell.Ok("netperf-ready=0000000000000000\n"));

        var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        Assert.Equal("prove-ready", report.FirstFailure?.Name);
    }

    [Fact]
    public async Task BootstrapAsync_InstallKeyFails_StopsAtThatStep()
    {
        var (pair, _, _) = Pair(installKey: () => FakeShell.Fail(1, "Permission denied"));

        var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        Assert.Equal(["generate-key", "install-key"], report.Steps.Select(s => s.Name));
        Assert.Contains("Permission denied", report.FirstFailure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_PowerShellRequiredButAbsent_FailsWithClearMessage()
    {
        var (pair, _, _) = Pair(missing: "pwsh");

        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { RequirePowerShell = true });

        Assert.False(report.IsReady);
        Assert.Equal("tools", report.FirstFailure?.Name);
        Assert.Contains("PowerShell 7 (pwsh) is required", report.FirstFailure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_ToolMissing_NamesMachineToolAndFix()
    {
        var (pair, _, _) = Pair(missing: "wrk");

        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { Tools = ["wrk"] });

        var detail = report.FirstFailure!.Detail!;
        Assert.Contains("p1-peer: wrk", detail, StringComparison.Ordinal);
        Assert.Contains("Netperf:Bootstrap:InstallMissingTools", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_StepHangs_FailsAfterStepTimeout()
    {
        var time = new FakeTimeProvider();
        var entered = new TaskCompletionSource();
        var client = new FakeShell("client", async (_, token) =>
        {
            entered.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return FakeShell.Ok();
        });
        var peer = new FakeShell("peer", (_, _) => Task.FromResult(FakeShell.Ok()));
        var options = Options.Create(new PeerBootstrapperOptions { StepTimeout = TimeSpan.FromSeconds(30) });
        var bootstrapper = new PeerBootstrapper(timeProvider: time, options: options);

        var run = bootstrapper.BootstrapAsync(MakePair(client, peer), BootstrapRequirements.None);
        await entered.Task;
        time.Advance(TimeSpan.FromSeconds(31));
        var report = await run;

        Assert.False(report.IsReady);
        Assert.Equal("generate-key", report.FirstFailure?.Name);
        Assert.Contains("Netperf:Bootstrap:StepTimeout", report.FirstFailure!.Detail, StringComparison.Ordinal);
        Assert.InRange(report.Duration, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task BootstrapAsync_Cancelled_Throws()
    {
        var (pair, _, _) = Pair();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None, cancel.Token));
    }

    [Fact]
    public async Task BootstrapAsync_UnsafeToolName_Throws()
    {
        var (pair, _, _) = Pair();

        await Assert.ThrowsAsync<ArgumentException>(() => new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3; rm -rf /"] }));
    }

    [Fact]
    public async Task BootstrapAsync_LocalProcessTransport_SkipsSshStepsAndSaysSo()
    {
        var peer = new FakeShell("peer", (c, _) => Task.FromResult(FakeShell.Ok($"netperf-ready={FakeShell.Nonce(c.Text)}\n")));
        var client = new FakeShell("client", (_, _) => Task.FromResult(FakeShell.Ok()));
        var pair = MakePair(client, peer) with { Tags = new Dictionary<string, string> { [PeerBootstrapper.TransportTag] = PeerBootstrapper.LocalProcessTransport } };

        var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.True(report.IsReady);
        Assert.Equal("local-process (no sshd found)", report.Transport);
        Assert.Equal(4, report.Steps.Count(s => s.Outcome == ReadinessStepOutcome.Skipped && s.Name != "tools"));
        Assert.Empty(client.Commands);
    }

    [Fact]
    public void CommandForPeer_SshPair_GoesThroughAlias()
    {
        var (pair, _, _) = Pair();

        var text = PeerBootstrapper.CommandForPeer(pair, "iperf3 -s -1");

        Assert.Contains("exec ssh -F \"$d/ssh_config\" netperf-peer 'iperf3 -s -1'", text, StringComparison.Ordinal);
        Assert.Contains("/pairs/p1/client", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_PowerShellPeerAnswersFromPowerShell5_NotReadyNamingTheVersion()
    {
        var (pair, _, _) = Pair(powerShellProof: nonce => FakeShell.Ok($"client-powershell=7.6.10\nnetperf-ready={nonce}\npeer-powershell=5.1.20348\n"));

        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { RequirePowerShell = true });

        Assert.False(report.IsReady);
        Assert.Equal("prove-ready", report.FirstFailure!.Name);
        Assert.Contains("PowerShell 5.1.20348, not 7 or later", report.FirstFailure.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_PowerShellPeerWithoutTheSubsystem_NotReadySayingHowToAddIt()
    {
        var (pair, _, _) = Pair(powerShellProof: _ => FakeShell.Fail(4, "The SSH client session has ended.\nssh: subsystem request failed on channel 0\n"));

        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { RequirePowerShell = true });

        Assert.False(report.IsReady);
        Assert.Contains("has no 'powershell' subsystem", report.FirstFailure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BootstrapAsync_PowerShellTaggedPair_ProvesWithInvokeCommandAndNotPlainSsh()
    {
        var (pair, client, _) = Pair(powerShellProof: nonce => FakeShell.Ok($"client-powershell=7.6.10\nnetperf-ready={nonce}\npeer-powershell=7.6.10\n"));
        pair = pair with { Tags = new Dictionary<string, string> { [PeerBootstrapper.ShellTag] = PeerBootstrapper.PowerShellShell } };

        var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.True(report.IsReady, Describe(report));
        Assert.Equal("ssh + PowerShell remoting", report.Transport);
        Assert.Contains(client.Commands, c => c.DisplayName == "prove: client runs Invoke-Command -HostName netperf-peer");
        Assert.DoesNotContain(client.Commands, c => c.DisplayName == "prove: client runs a command on netperf-peer");
    }

    private static string Describe(ReadinessReport report) => string.Join("\n", report.Steps.Select(s => $"{s.Name} {s.Outcome} {s.Detail}"));

    private static (VmPair Pair, FakeShell Client, FakeShell Peer) Pair(
        Func<string, RemoteCommandResult>? proof = null, Func<RemoteCommandResult>? installKey = null, string? missing = null, Func<string?, RemoteCommandResult>? powerShellProof = null)
    {
        var client = new FakeShell("client", (command, _) => Task.FromResult(command.DisplayName switch
        {
            "prepare the pair key on the client" => FakeShell.Ok($"folder=/tmp/netperf-u/pairs/p1/client\npub={PublicKey}\n"),
            "pin the peer's host keys and map netperf-peer on the client" => FakeShell.Ok("config=/tmp/netperf-u/pairs/p1/client/ssh_config\n"),
            "prove: client runs a command on netperf-peer" => proof?.Invoke(command.Text) ?? FakeShell.Ok($"netperf-ready={FakeShell.Nonce(command.Text)}\n"),
            "prove: client runs Invoke-Command -HostName netperf-peer" => powerShellProof!(PowerShellNonce(command.Text)),
            _ => FakeShell.Ok(),
        }));
        var peer = new FakeShell("peer", (command, _) => Task.FromResult(command.DisplayName switch
        {
            "authorize the pair key on the peer and read its host keys" => installKey?.Invoke()
                ?? FakeShell.Ok("user=runner\nhostkey=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ root@peer\n"),
            var d when d?.StartsWith("verify tools", StringComparison.Ordinal) == true && missing is not null => FakeShell.Ok($"missing={missing}\n"),
            _ => FakeShell.Ok(),
        }));
        return (MakePair(client, peer), client, peer);
    }

    /// <summary>The nonce inside the client's pwsh -EncodedCommand script (<c>'netperf-ready=' + 'NONCE'</c>).</summary>
    private static string? PowerShellNonce(string text)
    {
        var encoded = text.Split(' ', '\n').SkipWhile(w => w != "-EncodedCommand").Skip(1).First();
        var script = System.Text.Encoding.Unicode.GetString(Convert.FromBase64String(encoded));
        var match = System.Text.RegularExpressions.Regex.Match(script, "'netperf-ready=' \\+ '([0-9a-f]+)'");
        return match.Success ? match.Groups[1].Value : null;
    }

    private static VmPair MakePair(IRemoteShell client, IRemoteShell peer) => new()
    {
        Id = "p1",
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "lab" },
        Owner = "tests",
        RunId = "run-1-1",
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(1),
        Client = new Machine { Name = "p1-client", Addresses = ["10.0.0.4"], OsFamily = OsFamily.Linux, Shell = client },
        Peer = new Machine { Name = "p1-peer", Addresses = ["10.0.0.5:2222"], OsFamily = OsFamily.Linux, Shell = peer },
    };
}
