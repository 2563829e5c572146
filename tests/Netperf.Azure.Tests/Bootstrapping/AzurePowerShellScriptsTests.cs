using Netperf.Azure.Bootstrapping.Internal;
using Netperf.Azure.Remoting.Internal;
using Netperf.Core.Local;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;
using Netperf.Testing.PowerShell;
using Netperf.Testing.Ssh;

namespace Netperf.Azure.Tests.Bootstrapping;

/// <summary>The Azure package's PowerShell, parsed by the real parser and, where it is not Windows-only, run under pwsh.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AzurePowerShellScriptsTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB1Fe4xVsPrJOdfVBOvfw5hiahN6+9oL3L9/+lT2ST9Z netperf-client";

    [IntegrationFact(Prerequisite.Pwsh)]
    public async Task WindowsScripts_EveryBootstrapStepAndRunCommandHelper_ParsesWithZeroErrors()
    {
        var w = OsFamily.Windows;
        var awkward = "it's ‘a’ “b” $x `n";
        var scripts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["bootstrap.ClientKey"] = BootstrapScripts.ClientKey(w, "netperf"),
            ["bootstrap.PeerSetup"] = BootstrapScripts.PeerSetup(w, "netperf", installPwsh: true, testSigning: true),
            ["bootstrap.PeerAdmit"] = BootstrapScripts.PeerAdmit(w, "netperf", "10.0.0.4", Key),
            ["bootstrap.PeerAlias"] = BootstrapScripts.PeerAlias(w, "netperf", "10.0.0.5", [Key, Key]),
            ["bootstrap.PeerAlias+pair"] = BootstrapScripts.PeerAlias(w, "netperf", "10.0.0.5", [Key, Key], "np-1a2b"),
            ["bootstrap.Tools"] = BootstrapScripts.Tools(w, ["iperf3", "ntttcp"]),
            ["bootstrap.ProveReady"] = BootstrapScripts.ProveReady(w, "netperf", "00ff", viaPowerShell: true),
            ["runcommand.Wrap"] = RunCommandScript.Wrap(new RemoteCommand { Text = "'hello ' + " + ShellQuoting.PowerShell(awkward) + "\nexit 3", StandardInput = "in", Secrets = ["s3cret"] }, w).Script,
            ["runcommand.Wrap+plain"] = RunCommandScript.Wrap(new RemoteCommand { Text = "Get-Date" }, w).Script,
            ["runcommand.CopyTo"] = RunCommandScript.CopyTo(w, @"C:\tmp\" + awkward),
            ["runcommand.PrepareCopyFrom"] = RunCommandScript.PrepareCopyFrom(w, @"C:\tmp\" + awkward, 1 << 20),
            ["runcommand.ReadChunk"] = RunCommandScript.ReadChunk(w, @"C:\tmp\spool\out.gz", 2880, 2880, @"C:\tmp\spool"),
            ["runcommand.RemoveSpool"] = RunCommandScript.RemoveSpool(w, @"C:\tmp\spool"),
            ["runcommand.Stop"] = RunCommandScript.Stop(w),
        };

        await PowerShellParser.AssertAllParseAsync(scripts);
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task WindowsProveReady_PeerWithThePinnedHostKey_InvokeCommandReturnsTheNonce()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh, Prerequisite.Pwsh);
        await using var server = await SshServerFixture.StartAsync(new PrivateSshServerOptions { PowerShellPath = Prerequisites.FindPwsh() });
        var folder = ClientFolder(server, server.Server.KnownHostsLine);
        try
        {
            var result = await RunAsync(BootstrapScripts.WindowsProveReady(PrivateSshServer.UserName, "a1b2c3", folder, Prerequisites.FindPwsh()!, "127.0.0.1", server.Server.Port));

            Assert.True(result.ExitCode == 0, result.StandardError);
            Assert.Contains("netperf-ready-a1b2c3", result.StandardOutput, StringComparison.Ordinal);
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh, Prerequisite.Pwsh)]
    public async Task WindowsProveReady_NothingPinnedForThePeer_SessionRefusedNotTrustedOnFirstUse()
    {
        // Under Run Command (SYSTEM, no terminal) nothing but the pair's known_hosts knows the peer: an unknown key is refused.
        Prerequisites.Ensure(Prerequisite.OpenSsh, Prerequisite.Pwsh);
        await using var server = await SshServerFixture.StartAsync(new PrivateSshServerOptions { PowerShellPath = Prerequisites.FindPwsh() });
        var folder = ClientFolder(server, knownHostsLine: string.Empty);
        try
        {
            var result = await RunAsync(BootstrapScripts.WindowsProveReady(PrivateSshServer.UserName, "a1b2c3", folder, Prerequisites.FindPwsh()!, "127.0.0.1", server.Server.Port));

            Assert.Equal(4, result.ExitCode);
            Assert.DoesNotContain("netperf-ready-a1b2c3", result.StandardOutput, StringComparison.Ordinal);
            Assert.Equal(string.Empty, await File.ReadAllTextAsync(Path.Combine(folder, "known_hosts")));
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }

    /// <summary>The client's files as the Windows steps lay them out: <c>netperf_peer</c> (the key) and <c>known_hosts</c>.</summary>
    private static string ClientFolder(SshServerFixture server, string knownHostsLine)
    {
        var folder = PrivateTestFolder.Create("npr-azps-");
        var key = Path.Combine(folder, "netperf_peer");
        File.Copy(server.IdentityFile, key);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(folder, "known_hosts"), knownHostsLine.Length == 0 ? string.Empty : knownHostsLine + "\n");
        return folder;
    }

    private static async Task<RemoteCommandResult> RunAsync(string script)
    {
        // The way Run Command runs a Windows script: PowerShell, the script as a file.
        var folder = PrivateTestFolder.Create("npr-azps-run-");
        try
        {
            var file = Path.Combine(folder, "step.ps1");
            await File.WriteAllTextAsync(file, script);
            await using var shell = new LocalProcessShell();
            return await shell.RunAsync(new RemoteCommand { Text = $"{ShellQuoting.Posix(Prerequisites.FindPwsh()!)} -NoProfile -NonInteractive -File {ShellQuoting.Posix(file)}", Timeout = TimeSpan.FromMinutes(2) });
        }
        finally
        {
            PrivateTestFolder.Delete(folder);
        }
    }
}
