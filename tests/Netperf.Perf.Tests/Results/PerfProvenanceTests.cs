using Netperf.Perf.Results;
using Netperf.Perf.Results.Internal;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.Results;

public sealed class PerfProvenanceTests
{
    [Fact]
    public void FromVariables_NetperfVariables_FillsEveryField()
    {
        var variables = new Dictionary<string, string>
        {
            ["NETPERF_RUN_ID"] = "run-7", ["NETPERF_COMMIT"] = "abc123", ["NETPERF_ENVIRONMENT"] = "azure",
            ["NETPERF_IMAGE"] = "ubuntu-24.04", ["NETPERF_SIZE"] = "Standard_D4s_v5", ["NETPERF_PAIR"] = "np-42",
            ["NETPERF_PEER_HOST"] = "peer-vm", ["NETPERF_PEER_KERNEL"] = "6.8.0", ["NETPERF_PEER_NIC_DRIVER"] = "mlx5_core",
            ["GITHUB_SHA"] = "ignored", ["GITHUB_RUN_ID"] = "99",
        };
        var client = new PerfMachineIdentity { HostName = "client-vm" };

        var provenance = PerfProvenance.FromVariables(variables.GetValueOrDefault, client);

        Assert.Equal("run-7", provenance.RunId);
        Assert.Equal("abc123", provenance.Commit);
        Assert.Equal("azure", provenance.Environment);
        Assert.Equal("ubuntu-24.04", provenance.Image);
        Assert.Equal("Standard_D4s_v5", provenance.Size);
        Assert.Equal("np-42", provenance.PairId);
        Assert.Same(client, provenance.Client);
        Assert.Equal("peer-vm", provenance.Peer?.HostName);
        Assert.Equal("6.8.0", provenance.Peer?.Kernel);
        Assert.Equal("mlx5_core", provenance.Peer?.NicDriver);
    }

    [Fact]
    public void FromVariables_GitHubActionsOnly_UsesRunIdWithAttemptAndSha()
    {
        var variables = new Dictionary<string, string> { ["GITHUB_SHA"] = "deadbeef", ["GITHUB_RUN_ID"] = "1234", ["GITHUB_RUN_ATTEMPT"] = "2" };

        var provenance = PerfProvenance.FromVariables(variables.GetValueOrDefault, client: null);

        Assert.Equal("1234-2", provenance.RunId);
        Assert.Equal("deadbeef", provenance.Commit);
        Assert.Null(provenance.Environment);
        Assert.Null(provenance.Peer);
    }

    [Fact]
    public void MachineIdentityReader_FakeLinuxTree_ReadsKernelCpuDefaultRouteAndDriver()
    {
        var root = Directory.CreateTempSubdirectory("npps-proc-");
        try
        {
            Write(root.FullName, "proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
            Write(root.FullName, "proc/sys/kernel/version", "#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1\n");
            Write(root.FullName, "proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz\n");
            Write(root.FullName, "proc/net/route",
                "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\tMask\n" +
                "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\n" +
                "eth0\t00000000\t0100000A\t0003\t0\t0\t100\t00000000\n" +
                "eth0\t0000000A\t00000000\t0001\t0\t0\t100\t00FFFFFF\n");
            Write(root.FullName, "sys/bus/pci/drivers/hv_netvsc/.keep", string.Empty);
            Directory.CreateDirectory(Path.Combine(root.FullName, "sys/class/net/eth0/device"));
            Directory.CreateSymbolicLink(Path.Combine(root.FullName, "sys/class/net/eth0/device/driver"), "../../../../bus/pci/drivers/hv_netvsc");

            Assert.Equal("6.1.0-18-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1", MachineIdentityReader.LinuxKernel(root.FullName));
            Assert.Equal("Intel(R) Xeon(R) Platinum 8370C CPU @ 2.80GHz", MachineIdentityReader.LinuxCpuModel(root.FullName));
            Assert.Equal("eth0", MachineIdentityReader.DefaultRouteInterface(root.FullName));
            Assert.Equal("hv_netvsc", MachineIdentityReader.NicDriver(root.FullName, "eth0"));
            Assert.Null(MachineIdentityReader.NicDriver(root.FullName, "veth0"));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_AnyRun_ResultsFileCarriesProvenanceOfThisMachine()
    {
        var scenario = Scenario.Create();
        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, stepMs: 300));

        var json = PerfResultsFile.Serialize(result);

        Assert.NotNull(result.Provenance);
        Assert.Equal(Environment.MachineName, result.Provenance.Client?.HostName);
        Assert.Contains("\"provenance\": {", json, StringComparison.Ordinal);
        Assert.Contains("\"client\": {", json, StringComparison.Ordinal);
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
