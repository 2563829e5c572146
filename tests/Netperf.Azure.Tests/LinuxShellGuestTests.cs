using System.Diagnostics;
using System.Globalization;
using Netperf.Testing.Arm;
using Netperf.Testing.Integration;

namespace Netperf.Azure.Tests;

/// <summary>The tests' fake Linux VMs that really run Run Command scripts: each a mount namespace whose writes land on its own disk.</summary>
public sealed class LinuxShellGuestTests
{
    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root)]
    public async Task HandleAsync_ScriptsOfTwoVms_RunAsRootWithTheirParametersAndWriteOnlyTheirOwnDisks()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root);
        var user = "npvm" + Guid.NewGuid().ToString("N")[..8];
        await using var machines = new LinuxShellGuest(Path.Combine("/var/tmp", "np-shellguest-" + Guid.NewGuid().ToString("N")[..8]));
        var write = Command("vm-a", $"set -e\nuseradd --system {user}\necho \"$NP_VALUE\" > /tmp/probe\necho probe >> /etc/np-probe\ntouch /run/lock/np-probe.lock\nid -un; id -u {user} >/dev/null; echo \"home=${{HOME:-unset}}\"; pwd\n");

        var a = await machines.HandleAsync(write, CancellationToken.None);
        var b = await machines.HandleAsync(Command("vm-b", $"cat /tmp/probe; cat /etc/np-probe; id -u {user}; id -u admin1 >/dev/null && echo admin1-exists\n"), CancellationToken.None);

        Assert.True(a.ExitCode == 0, a.Error);
        var lines = a.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("root", lines[0]);
        Assert.Equal("home=unset", lines[1]);
        Assert.StartsWith(machines.DiskOf("rg", "vm-a"), lines[2], StringComparison.Ordinal);
        Assert.Equal("hello world\n", File.ReadAllText(machines.HostPathOf("rg", "vm-a", "/tmp/probe")!));
        Assert.True(File.Exists(machines.HostPathOf("rg", "vm-a", "/etc/np-probe")));

        // The other VM sees none of it, only its own admin user; this machine neither.
        Assert.Equal("admin1-exists\n", b.Output);
        Assert.Contains("/tmp/probe: No such file", b.Error, StringComparison.Ordinal);
        Assert.Contains("/etc/np-probe: No such file", b.Error, StringComparison.Ordinal);
        Assert.Contains($"'{user}': no such user", b.Error, StringComparison.Ordinal);
        Assert.False(File.Exists("/etc/np-probe"));
        Assert.False(File.Exists("/run/lock/np-probe.lock"));
        Assert.True(File.Exists(Path.Combine(machines.DiskOf("rg", "vm-a"), "run-lock", "np-probe.lock")));
        Assert.NotEqual(0, (await RunHereAsync("id", "-u", user)).ExitCode);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root)]
    public async Task RemoveMachine_WithAProcessLeftRunning_KillsItAndDeletesTheDisk()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root);
        await using var machines = new LinuxShellGuest(Path.Combine("/var/tmp", "np-shellguest-" + Guid.NewGuid().ToString("N")[..8]));
        var started = await machines.HandleAsync(Command("vm-a", "setsid sleep 600 </dev/null >/dev/null 2>&1 &\necho $!\n"), CancellationToken.None);
        Assert.True(started.ExitCode == 0, started.Error);
        using var left = Process.GetProcessById(int.Parse(started.Output.Trim(), CultureInfo.InvariantCulture));
        Assert.False(left.HasExited);

        machines.RemoveMachine("rg", "vm-a");

        Assert.True(left.WaitForExit(TimeSpan.FromSeconds(30)), "the VM's process outlived the VM");
        Assert.False(Directory.Exists(machines.DiskOf("rg", "vm-a")));
        Assert.Empty(machines.Machines);
        Assert.Empty(Directory.EnumerateFileSystemEntries(machines.Root));
    }

    private static GuestCommand Command(string vm, string script) => new()
    {
        ResourceGroup = "rg",
        VmName = vm,
        RunCommandName = "netperf-shell",
        OsType = "Linux",
        AdminUsername = vm == "vm-b" ? "admin1" : null,
        VmTags = new Dictionary<string, string>(),
        Script = script,
        Parameters = new Dictionary<string, string> { ["NP_VALUE"] = "hello world" },
        ProtectedParameterNames = new HashSet<string> { "NP_VALUE" },
    };

    private static async Task<(int ExitCode, string Output)> RunHereAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }
}
