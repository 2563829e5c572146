using Netperf.Azure.Bootstrapping;
using Netperf.Azure.Bootstrapping.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Tests.Bootstrapping;

public sealed class BootstrapScriptsTests
{
    private const string Key1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIPhxzcTpcU8hy9tBvYtDUV6sXIaYMbpESMOkbvkTqQdZ";
    private const string Key2 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEm=";

    [Theory]
    [InlineData(OsFamily.Linux)]
    [InlineData(OsFamily.Windows)]
    public void PeerAlias_PinsTheReportedHostKeysAndChecksStrictly(OsFamily os)
    {
        var script = BootstrapScripts.PeerAlias(os, "netperf", "10.0.0.5", [Key1, Key2]);

        Assert.DoesNotContain("accept-new", script, StringComparison.Ordinal);
        Assert.DoesNotContain("StrictHostKeyChecking no", script, StringComparison.Ordinal);
        Assert.Contains("StrictHostKeyChecking yes", script, StringComparison.Ordinal);
        Assert.Contains("UserKnownHostsFile", script, StringComparison.Ordinal);
        Assert.Contains($"NETPERF_HOST_KEYS{(os == OsFamily.Windows ? " = " : "=")}'{Key1}|{Key2}'", script, StringComparison.Ordinal);
        Assert.Contains("netperf-peer,$NETPERF_PEER_IP ", script, StringComparison.Ordinal);
    }

    [Fact]
    public void PeerAlias_WindowsWithPairId_FillsThePairsClientFolderThatRunnerFoldersCopy()
    {
        var script = BootstrapScripts.PeerAlias(OsFamily.Windows, "netperf", "10.0.0.5", [Key1, Key2], "np-1a2b");

        // The runner's folder (JobEnvironment.PrepareRunnerFolderPowerShell) copies id_ed25519, known_hosts and
        // ssh_config (with HostName) from $state\pairs\<pair>\client: the Windows alias now writes all three there.
        Assert.Contains("'pairs\\np-1a2b\\client'", script, StringComparison.Ordinal);
        Assert.Contains("Copy-Item -Force -Path 'C:\\ProgramData\\netperf\\netperf_peer' -Destination $k", script, StringComparison.Ordinal);
        Assert.Contains($"'netperf-peer,10.0.0.5 {Key1}', 'netperf-peer,10.0.0.5 {Key2}'", script, StringComparison.Ordinal);
        Assert.Contains("'  HostName 10.0.0.5'", script, StringComparison.Ordinal);
        Assert.Contains("'  User netperf'", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("} | Out-Null", StringComparison.Ordinal) < script.IndexOf("'netperf-alias-ready'", StringComparison.Ordinal));
    }

    [Fact]
    public void PeerAlias_WindowsWithoutPairId_LeavesTheClientFolderAlone()
    {
        Assert.DoesNotContain("\\client'", BootstrapScripts.PeerAlias(OsFamily.Windows, "netperf", "10.0.0.5", [Key1]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OsFamily.Linux, "/etc/ssh/ssh_host_*_key.pub")]
    [InlineData(OsFamily.Windows, "ssh_host_*_key.pub")]
    public void PeerSetup_ReportsThePeersHostKeys(OsFamily os, string keyFiles)
    {
        var script = BootstrapScripts.PeerSetup(os, "netperf", installPwsh: false, testSigning: false);

        Assert.Contains(keyFiles, script, StringComparison.Ordinal);
        Assert.Contains("netperf-host-key ", script, StringComparison.Ordinal);
    }

    [Fact]
    public void HostKeys_TakesWellFormedMarkerLinesOnly()
    {
        var output = $"""
            netperf-host-key {Key1}
            netperf-host-key {Key2}
            netperf-host-key ssh-ed25519 AAAA'; rm -rf / #
            netperf-host-key {Key1}
            ssh-rsa AAAAB3NzaC1yc2E= not a marker line
            netperf-peer-ready
            """;

        Assert.Equal([Key1, Key2], AzureRunCommandBootstrapper.HostKeys(output));
    }
}
