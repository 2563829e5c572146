using System.Text;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Remoting;

public sealed class OpenSshArgumentsTests
{
    private static readonly OpenSshTarget Target = new()
    {
        Host = "10.0.0.5",
        Port = 2222,
        User = "runner",
        IdentityFile = "/keys/id_ed25519",
        ConnectTimeout = TimeSpan.FromSeconds(7),
    };

    [Fact]
    public void Ssh_FullTarget_HasBatchModeKeyOnlyPinnedHostsAndMultiplexing()
    {
        var args = OpenSshArguments.Ssh(Target, "/state/known_hosts", strictHostKey: false, controlPath: "/state/cm-%C");

        Assert.Equal(["-F", "none", "-T"], args.Take(3));
        AssertOption(args, "BatchMode=yes");
        AssertOption(args, "ConnectTimeout=7");
        AssertOption(args, "StrictHostKeyChecking=accept-new");
        AssertOption(args, "UserKnownHostsFile=/state/known_hosts");
        AssertOption(args, "GlobalKnownHostsFile=none");
        AssertOption(args, "PasswordAuthentication=no");
        AssertOption(args, "User=runner");
        AssertOption(args, "IdentitiesOnly=yes");
        AssertOption(args, "ControlMaster=auto");
        AssertOption(args, "ControlPath=/state/cm-%C");
        AssertOption(args, "ControlPersist=60");
        Assert.Equal("/keys/id_ed25519", args[args.IndexOf("-i") + 1]);
        Assert.Equal("2222", args[args.IndexOf("-p") + 1]);
    }

    [Fact]
    public void Ssh_KeyExchangeAlgorithms_PassedAsKexAlgorithms()
    {
        var args = OpenSshArguments.Ssh(Target with { KeyExchangeAlgorithms = SshKeyExchange.HostLocal }, "/kh", true, null);

        AssertOption(args, "KexAlgorithms=" + SshKeyExchange.HostLocal);
    }

    [Fact]
    public void Ssh_NoKeyExchangeAlgorithms_KeepsOpenSshDefault()
    {
        var args = OpenSshArguments.Ssh(Target, "/kh", true, null);

        Assert.DoesNotContain(args, a => a.StartsWith("KexAlgorithms", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("curve25519-sha256 ProxyCommand=sh")]
    [InlineData("curve25519-sha256\nProxyCommand sh")]
    [InlineData("curve25519-sha256\n")]
    [InlineData("")]
    [InlineData(",curve25519-sha256")]
    public void OpenSshTarget_KeyExchangeNotAnAlgorithmList_IsRefused(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => Target with { KeyExchangeAlgorithms = value });

        Assert.Contains("KexAlgorithms", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(SshKeyExchange.HostLocal)]
    [InlineData("^curve25519-sha256")]
    [InlineData("-sntrup761x25519-sha512@openssh.com")]
    public void OpenSshTarget_KeyExchangeList_IsAccepted(string value)
    {
        Assert.Equal(value, (Target with { KeyExchangeAlgorithms = value }).KeyExchangeAlgorithms);
    }

    [Fact]
    public void Ssh_Pinned_IsStrict()
    {
        var args = OpenSshArguments.Ssh(Target, "/kh", strictHostKey: true, controlPath: null);

        AssertOption(args, "StrictHostKeyChecking=yes");
        Assert.DoesNotContain(args, a => a.StartsWith("ControlMaster", StringComparison.Ordinal));
    }

    [Fact]
    public void Ssh_ConfigFileAndAlias_ReadsThatConfigOnly()
    {
        var args = OpenSshArguments.Ssh(new OpenSshTarget { Host = "netperf-peer", ConfigFile = "/pair/ssh_config" }, "/kh", true, null);

        Assert.Equal(["-F", "/pair/ssh_config"], args.Take(2));
        Assert.DoesNotContain("-p", args);
        Assert.DoesNotContain("-i", args);
    }

    [Fact]
    public void Ssh_PathWithSpace_IsQuotedInsideOption()
    {
        var args = OpenSshArguments.Ssh(Target, "/my state/known_hosts", true, null);

        AssertOption(args, "UserKnownHostsFile=\"/my state/known_hosts\"");
    }

    [Fact]
    public void Scp_Target_UsesCapitalPortAndBatch()
    {
        var args = OpenSshArguments.Scp(Target, "/kh", true, null);

        Assert.Equal(["-F", "none", "-q", "-B"], args.Take(4));
        Assert.Equal("2222", args[args.IndexOf("-P") + 1]);
        Assert.DoesNotContain("-p", args);
    }

    [Theory]
    [InlineData("10.0.0.5", "/tmp/f", "10.0.0.5:/tmp/f")]
    [InlineData("::1", "/tmp/f", "[::1]:/tmp/f")]
    public void ScpRemote_Host_IsBracketedForIpv6(string host, string path, string expected)
    {
        Assert.Equal(expected, OpenSshArguments.ScpRemote(new OpenSshTarget { Host = host }, path));
    }

    [Fact]
    public void RemoteText_Posix_PrefixesProcessGroupMarker()
    {
        var text = OpenSshArguments.RemoteText(RemoteShellFlavor.Posix, "uname -a");

        Assert.Equal("printf 'netperf-pgid:%s\\n' \"$$\" >&2\nuname -a", text);
        Assert.Equal("kill -KILL -- -42 2>/dev/null; kill -KILL 42 2>/dev/null; true", OpenSshArguments.StopText(RemoteShellFlavor.Posix, 42));
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("dash")]
    [InlineData("busybox")]
    public async Task RemoteText_Posix_DashOrBusyBoxAsTheLoginShellNamesItsProcessGroup(string shell)
    {
        // sshd runs the text with the account's shell (bash for root here) as a session leader; a dash or BusyBox account's
        // sessions say the same: the marker names the process group that the stop kills.
        Prerequisites.Ensure(shell == "busybox"
            ? [Prerequisite.Linux, Prerequisite.BusyBox]
            : [Prerequisite.Linux]);
        var text = OpenSshArguments.RemoteText(RemoteShellFlavor.Posix, "read -r _ _ _ _ pg _ < /proc/$$/stat; echo \"pgrp=$pg\"");
        var start = new System.Diagnostics.ProcessStartInfo("setsid") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (shell == "busybox" ? ["busybox", "sh"] : new[] { "dash" }).Concat(["-c", text]))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        var pgrp = output.Trim()["pgrp=".Length..];
        Assert.Equal($"netperf-pgid:{pgrp}\n", error);
        Assert.Equal(process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), pgrp);
    }

    [Fact]
    public void RemoteText_Native_SendsTheTextAsGiven()
    {
        const string command = "powershell.exe -NoProfile -NonInteractive -EncodedCommand AAAA";

        Assert.Equal(command, OpenSshArguments.RemoteText(RemoteShellFlavor.Native, command));
    }

    [Fact]
    public void RemoteText_PowerShell_SendsEncodedScriptWithPidMarker()
    {
        var text = OpenSshArguments.RemoteText(RemoteShellFlavor.PowerShell, "Get-Date; 'it''s'");

        Assert.StartsWith("pwsh -NoLogo -NoProfile -NonInteractive -EncodedCommand ", text, StringComparison.Ordinal);
        var script = Encoding.Unicode.GetString(Convert.FromBase64String(text.Split(' ')[^1]));
        Assert.Equal("$ErrorActionPreference = 'Stop'\n[Console]::Error.WriteLine('netperf-pid:' + $PID)\nGet-Date; 'it''s'", script);
    }

    [Fact]
    public void StopText_PowerShell_KillsTreeOnWindowsAndLinux()
    {
        var text = OpenSshArguments.StopText(RemoteShellFlavor.PowerShell, 1234);

        var script = Encoding.Unicode.GetString(Convert.FromBase64String(text.Split(' ')[^1]));
        Assert.Contains("taskkill.exe /T /F /PID 1234", script, StringComparison.Ordinal);
        Assert.Contains("kill -KILL 1234", script, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseMasterPid_CheckOutput_ReadsPid()
    {
        Assert.Equal(31337, OpenSshShell.ParseMasterPid("Master running (pid=31337)\r\n"));
        Assert.Equal(0, OpenSshShell.ParseMasterPid("Control socket connect(/x): No such file"));
    }

    [Fact]
    public void Description_Target_HasNoKeyMaterial()
    {
        Assert.Equal("ssh runner@10.0.0.5:2222", Target.ToString());
        Assert.Equal("ssh h (pwsh)", new OpenSshTarget { Host = "h", Flavor = RemoteShellFlavor.PowerShell }.ToString());
    }

    private static void AssertOption(List<string> args, string option)
    {
        var index = args.IndexOf(option);
        Assert.True(index > 0 && args[index - 1] == "-o", $"missing -o {option} in: {string.Join(' ', args)}");
    }
}
