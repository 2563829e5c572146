using System.Text;
using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Remoting;

namespace Netperf.Core.Tests.Bootstrapping;

public sealed class BootstrapScriptsTests
{
    private const string Key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ netperf-pair-p1";

    [Fact]
    public void Posix_PrepareClientKey_PrivateModesAndNoPrivateKeyOutput()
    {
        var text = PosixBootstrapScripts.Instance.PrepareClientKey("p1");

        Assert.Contains("umask 077", text, StringComparison.Ordinal);
        Assert.Contains("chmod 600 \"$d/id_ed25519\"", text, StringComparison.Ordinal);
        Assert.Contains("ssh-keygen -q -t ed25519 -N ''", text, StringComparison.Ordinal);
        Assert.Contains("read -r np_pub < \"$d/id_ed25519.pub\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("< \"$d/id_ed25519\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cat ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Posix_InstallKey_ComparesWholeLinesWithoutStartingGrep()
    {
        var text = PosixBootstrapScripts.Instance.InstallKey(Key);

        Assert.Contains("f=\"${NETPERF_AUTHORIZED_KEYS:-$HOME/.ssh/authorized_keys}\"", text, StringComparison.Ordinal);
        Assert.Contains($"[ \"$np_l\" != '{Key}' ]", text, StringComparison.Ordinal);
        Assert.Contains($"[ -n \"$np_has\" ] || printf '%s\\n' '{Key}' >> \"$f\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("grep", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Posix_WriteAlias_PinsKeyAndHostWithoutHostsFileByDefault()
    {
        var text = PosixBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5:2222"), "runner", editHostsFile: false);

        Assert.Contains("'Host netperf-peer' '  HostName 10.0.0.5' '  Port 2222' '  User runner' ", text, StringComparison.Ordinal);
        Assert.Contains("StrictHostKeyChecking yes", text, StringComparison.Ordinal);
        Assert.Contains("IdentitiesOnly yes", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/etc/hosts", text, StringComparison.Ordinal);
        Assert.DoesNotContain("KexAlgorithms", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Posix_WriteAlias_KeyExchange_WritesKexAlgorithmsInTheAlias()
    {
        var text = PosixBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5:2222"), "runner", editHostsFile: false, SshKeyExchange.HostLocal);

        Assert.Contains("'  LogLevel ERROR' '  KexAlgorithms " + SshKeyExchange.HostLocal + "' > \"$d/ssh_config.tmp\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_WriteAlias_KeyExchange_WritesKexAlgorithmsInTheAlias()
    {
        var text = PowerShellBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5"), "runneradmin", editHostsFile: false, SshKeyExchange.HostLocal);

        Assert.Contains("'  KexAlgorithms " + SshKeyExchange.HostLocal + "')", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAlias_KeyExchangeNotAnAlgorithmList_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => PosixBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5"), "runner", false, "x\nProxyCommand sh"));
        Assert.Throws<ArgumentException>(() => PowerShellBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5"), "runner", false, "x' ; Remove-Item"));
    }

    [Fact]
    public void Posix_WriteAlias_EditHostsFile_ReplacesThePairsLine()
    {
        var text = PosixBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5"), "runner", editHostsFile: true);

        Assert.Contains("grep -v '# netperf-pair-p1' /etc/hosts", text, StringComparison.Ordinal);
        Assert.Contains("'10.0.0.5' netperf-peer '# netperf-pair-p1'", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Posix_Probe_ChecksToolsAndPowerShellMajorVersion()
    {
        var text = PosixBootstrapScripts.Probe(["iperf3"], powerShell: true);

        Assert.Contains("command -v 'iperf3' >/dev/null 2>&1 || printf 'missing=%s\\n' 'iperf3'", text, StringComparison.Ordinal);
        Assert.Contains("[ \"${v:-0}\" -ge 7 ]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_PrepareClientKey_UsesLocalAppDataAndLocksTheKey()
    {
        var text = PowerShellBootstrapScripts.Instance.PrepareClientKey("p1");

        Assert.Contains("$env:LOCALAPPDATA 'netperf'", text, StringComparison.Ordinal);
        Assert.Contains("'pairs\\p1\\client'", text, StringComparison.Ordinal);
        Assert.Contains("& ssh-keygen.exe -q -t ed25519", text, StringComparison.Ordinal);
        Assert.Contains("& icacls.exe $k /inheritance:r", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PrepareClientKey_BothShells_CheckEveryStateFolderBeforeWritingTheKey()
    {
        var posix = PosixBootstrapScripts.Instance.PrepareClientKey("p1");
        var powerShell = PowerShellBootstrapScripts.Instance.PrepareClientKey("p1");

        // The check (np_dir) runs on the folders before ssh-keygen writes anything into them.
        Assert.True(posix.IndexOf("np_dir \"$r\" \"pairs/p1/client/bin\" || exit 1", StringComparison.Ordinal) is > 0 and var at
            && at < posix.IndexOf("ssh-keygen", StringComparison.Ordinal));
        Assert.Contains("mkdir -m 700", posix, StringComparison.Ordinal);
        Assert.True(powerShell.IndexOf("np_dir $r 'pairs\\p1\\client'", StringComparison.Ordinal) is > 0 and var psAt
            && psAt < powerShell.IndexOf("ssh-keygen", StringComparison.Ordinal));
        Assert.Contains("ReparsePoint", powerShell, StringComparison.Ordinal);
        Assert.Contains("GetOwner", powerShell, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_InstallKey_UsesAdministratorsFileForAdmins()
    {
        var text = PowerShellBootstrapScripts.Instance.InstallKey(Key);

        Assert.Contains("administrators_authorized_keys", text, StringComparison.Ordinal);
        Assert.Contains($"$key = '{Key}'", text, StringComparison.Ordinal);
        Assert.Contains("-notcontains", text.Replace("-not ((Get-Content $f) -contains", "-notcontains", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_RunOnPeer_QuotesTheCommandForPowerShell()
    {
        var text = PowerShellBootstrapScripts.Instance.RunOnPeer("p1", "echo it's");

        Assert.Contains("& ssh.exe -F (Join-Path $d 'ssh_config') netperf-peer 'echo it''s'", text, StringComparison.Ordinal);
        Assert.EndsWith("exit $LASTEXITCODE\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_WriteAlias_EditHostsFile_WritesDriversEtcHosts()
    {
        var text = PowerShellBootstrapScripts.Instance.WriteAlias("p1", PeerEndpoint.Parse("10.0.0.5"), "runneradmin", editHostsFile: true);

        Assert.Contains("'  HostName 10.0.0.5'", text, StringComparison.Ordinal);
        Assert.Contains("'  Port 22'", text, StringComparison.Ordinal);
        Assert.Contains("System32\\drivers\\etc\\hosts", text, StringComparison.Ordinal);
    }

    [Fact]
    public void PowerShell_Probe_ChecksGetCommandAndPwshVersion()
    {
        var text = PowerShellBootstrapScripts.Probe(["iperf3"], powerShell: true);

        Assert.Contains("if (-not (Get-Command 'iperf3' -ErrorAction SilentlyContinue)) { 'missing=' + 'iperf3' }", text, StringComparison.Ordinal);
        Assert.Contains("if ($v -lt 7) { 'missing=pwsh' }", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5", "10.0.0.5", 22, "10.0.0.5")]
    [InlineData("127.0.0.1:40123", "127.0.0.1", 40123, "[127.0.0.1]:40123")]
    [InlineData("[::1]:2200", "::1", 2200, "[::1]:2200")]
    [InlineData("fe80::1", "fe80::1", 22, "fe80::1")]
    [InlineData("peer.lab", "peer.lab", 22, "peer.lab")]
    public void PeerEndpoint_Parse_ReadsHostAndPort(string address, string host, int port, string knownHostsName)
    {
        var endpoint = PeerEndpoint.Parse(address);

        Assert.Equal(host, endpoint.Host);
        Assert.Equal(port, endpoint.Port);
        Assert.Equal(knownHostsName, endpoint.KnownHostsName);
    }

    [Theory]
    [InlineData("host;rm")]
    [InlineData("h:99999")]
    [InlineData("'x'")]
    public void PeerEndpoint_Parse_RejectsUnsafe(string address)
    {
        Assert.ThrowsAny<Exception>(() => PeerEndpoint.Parse(address));
    }

    [Fact]
    public void ShellQuoting_Posix_EscapesSingleQuotes()
    {
        Assert.Equal("'it'\\''s'", ShellQuoting.Posix("it's"));
        Assert.Equal("'it''s'", ShellQuoting.PowerShell("it's"));
    }

    [Fact]
    public void ClientFolder_BothShells_HonourStateVariable()
    {
        Assert.Contains("NETPERF_STATE_DIR", PosixBootstrapScripts.ClientFolder("p1"), StringComparison.Ordinal);
        Assert.Contains("$env:NETPERF_STATE_DIR", PowerShellBootstrapScripts.ClientFolder("p1"), StringComparison.Ordinal);
        Assert.NotEmpty(Encoding.UTF8.GetBytes(PosixBootstrapScripts.ClientFolder("p1")));
    }
}
