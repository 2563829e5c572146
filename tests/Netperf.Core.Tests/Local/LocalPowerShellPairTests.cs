using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Local;

/// <summary>
/// PowerShell-ready local pairs, for real: pwsh 7 on both machines, the peer's sshd serving the <c>powershell</c>
/// subsystem, and <c>Invoke-Command -HostName netperf-peer</c> from the client through the pair's own ssh_config.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalPowerShellPairTests
{
    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task Bootstrap_PowerShellPair_InvokeCommandOnNetperfPeerReturnsTheNonce()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh, Prerequisite.Pwsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request() with { RequirePowerShell = true });
        try
        {
            Assert.Equal(PeerBootstrapper.PowerShellShell, pair.Tags[PeerBootstrapper.ShellTag]);
            var sshdConfig = await File.ReadAllTextAsync(kit.State(pair.Id).GetProperty("SshdConfig").GetString()!);
            Assert.Contains("Subsystem powershell ", sshdConfig, StringComparison.Ordinal);

            // No requirement passed: the pair's shell tag alone makes the bootstrapper prove PowerShell.
            var report = await new PeerBootstrapper(kit.Logs.CreateLogger<PeerBootstrapper>()).BootstrapAsync(pair, BootstrapRequirements.None);

            Assert.True(report.IsReady, Describe(report));
            var proof = report.Steps.Single(s => s.Name == "prove-ready");
            Assert.Contains("Invoke-Command -HostName netperf-peer (PowerShell 7.", proof.Detail, StringComparison.Ordinal);
            Assert.Contains("the client (PowerShell 7.", proof.Detail, StringComparison.Ordinal);
            Assert.Contains("pwsh (PowerShell 7)", report.Steps.Single(s => s.Name == "tools").Detail, StringComparison.Ordinal);
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
        }

        Assert.Empty(kit.Leftovers());
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task CommandOnClient_ReadyPair_InvokeCommandFilePathRunsTheScriptOnThePeerWithNoExtraArguments()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh, Prerequisite.Pwsh);
        using var kit = new LocalPairTestKit();
        var work = PrivateTestFolder.Create("npr-ps1-");
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request() with { RequirePowerShell = true });
        try
        {
            var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { RequirePowerShell = true });
            Assert.True(report.IsReady, Describe(report));

            // NETPERF_PAIR is set only in sessions of this pair's sshd: the script really ran on netperf-peer.
            await File.WriteAllTextAsync(Path.Combine(work, "prepare-machine.ps1"), "param()\n\"prepared=$env:NETPERF_PAIR\"\n\"edition=$($PSVersionTable.PSEdition)\"\n");
            var command = $"cd {ShellQuoting.Posix(work)} && pwsh -NoLogo -NoProfile -NonInteractive -Command 'Invoke-Command -HostName netperf-peer -FilePath ./prepare-machine.ps1'";
            var result = await pair.Client.Shell.RunAsync(new RemoteCommand { Text = PeerBootstrapper.CommandOnClient(pair, WithPwshOnPath(command)), Timeout = TimeSpan.FromMinutes(2) });

            Assert.True(result.Succeeded, result.StandardError);
            Assert.Contains($"prepared={pair.Id}", result.StandardOutput, StringComparison.Ordinal);
            Assert.Contains("edition=Core", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
            PrivateTestFolder.Delete(work);
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task Bootstrap_PeerHostKeyIsNotThePinnedOne_NotReadyNamingTheStepAndTheRefusal()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh, Prerequisite.Pwsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request() with { RequirePowerShell = true });
        try
        {
            // The peer lists a host key that is not the one its sshd serves (what a swapped machine would show): the
            // client pins it, and the PowerShell session must then be refused, never accepted on first use.
            var hostKeyList = Path.Combine(kit.StateDirectory, "pairs", pair.Id, "peer", "host_ed25519_key.pub");
            var other = Path.Combine(kit.StateDirectory, "pairs", pair.Id, "peer", "other_key");
            using (var keygen = System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", "impostor", "-f", other]))
            {
                await keygen.WaitForExitAsync();
            }

            File.Copy(other + ".pub", hostKeyList, overwrite: true);

            var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { RequirePowerShell = true });

            Assert.False(report.IsReady);
            var failed = report.FirstFailure!;
            Assert.Equal("prove-ready", failed.Name);
            Assert.Contains("PowerShell remoting session", failed.Detail, StringComparison.Ordinal);
            Assert.True(failed.Detail!.Contains("Host key verification failed", StringComparison.Ordinal), failed.Detail);
            Assert.Contains("not the one pinned in the pair's known_hosts", failed.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
        }
    }

    /// <summary>The test runner's PATH may lack the .NET tool folder that .ci/run adds; the client's command finds pwsh the same way.</summary>
    private static string WithPwshOnPath(string command) =>
        $"PATH=\"$PATH:{Path.GetDirectoryName(Prerequisites.FindPwsh())}\"; export PATH\n{command}";

    private static string Describe(ReadinessReport report) => string.Join("\n", report.Steps.Select(s => $"{s.Name} {s.Outcome} {s.Detail}"));
}
