using Netperf.Azure.Bootstrapping.Internal;
using Netperf.Core.Pairs;
using Netperf.Testing.Arm;
using Netperf.Testing.Integration;

namespace Netperf.Azure.Tests.Bootstrapping;

/// <summary>The Linux bootstrap steps that touch only the client, run for real on a fake VM (<see cref="LinuxShellGuest"/>) as Run Command runs them.</summary>
public sealed class BootstrapScriptsOnVmTests
{
    private const string HostKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ";

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.Sudo, Prerequisite.OpenSsh)]
    public async Task PeerAlias_OnALinuxClient_FillsThePairsClientFolderWithItsKeyPinsAndAlias()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.Sudo, Prerequisite.OpenSsh);
        await using var machines = new LinuxShellGuest(Path.Combine("/var/tmp", "np-bootstrap-vm-" + Guid.NewGuid().ToString("N")[..8]));

        var key = await machines.HandleAsync(Command(BootstrapScripts.ClientKey(OsFamily.Linux, "netperf")), CancellationToken.None);
        var alias = await machines.HandleAsync(Command(BootstrapScripts.PeerAlias(OsFamily.Linux, "netperf", "10.0.0.5", [HostKey], "np-1a2b")), CancellationToken.None);

        Assert.True(key.ExitCode == 0, key.Error);
        Assert.True(alias.ExitCode == 0, alias.Error);
        Assert.Contains("netperf-alias-ready", alias.Output, StringComparison.Ordinal);

        // Run Command sets no HOME, so root's state folder is under /tmp (the VM's own); jobs and runner folders read it from there.
        string OnVm(string path) => machines.HostPathOf("rg", "npc-1a2b", path)!;
        var folder = "/tmp/netperf-root/pairs/np-1a2b/client";
        Assert.Equal(File.ReadAllBytes(OnVm("/home/netperf/.ssh/netperf_peer")), File.ReadAllBytes(OnVm(folder + "/id_ed25519")));
        Assert.Equal($"netperf-peer,10.0.0.5 {HostKey}\n", File.ReadAllText(OnVm(folder + "/known_hosts")));
        var config = File.ReadAllText(OnVm(folder + "/ssh_config"));
        Assert.Contains("Host netperf-peer\n  HostName 10.0.0.5\n", config, StringComparison.Ordinal);
        Assert.Contains("  User netperf\n", config, StringComparison.Ordinal);
        Assert.Contains($"  IdentityFile {folder}/id_ed25519\n", config, StringComparison.Ordinal);
        Assert.Contains("  StrictHostKeyChecking yes\n", config, StringComparison.Ordinal);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(OnVm(folder + "/id_ed25519")));
        }
    }

    private static GuestCommand Command(string script) => new()
    {
        ResourceGroup = "rg",
        VmName = "npc-1a2b",
        RunCommandName = "netperf-shell",
        OsType = "Linux",
        AdminUsername = "netperf",
        VmTags = new Dictionary<string, string>(),
        Script = script,
        Parameters = new Dictionary<string, string>(),
        ProtectedParameterNames = new HashSet<string>(),
    };
}
