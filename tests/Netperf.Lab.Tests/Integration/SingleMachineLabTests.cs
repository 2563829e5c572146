using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Lab.Hosting;
using Netperf.Lab.Inventory;
using Netperf.Lab.Pairs;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>The single-machine lab the quick start uses as root on Linux: this machine is both hosts, namespaces are the VMs.</summary>
public sealed class SingleMachineLabTests(SingleMachineFixture fixture) : IClassFixture<SingleMachineFixture>
{
    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task AddSingleMachineLab_CreatesAReadyPairWithoutAnySshHopToHostsAndRemovesEverything()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3);
        var lab = fixture.Lab;
        var bridge = $"{lab.VmPrefix}br0";
        var services = new ServiceCollection();
        services.AddNetperf().AddSingleMachineLab(options =>
        {
            // Private names so parallel runs on one machine never meet.
            options.NamePrefix = lab.VmPrefix;
            foreach (var (host, i) in options.Hosts.Select((h, i) => (h, i)))
            {
                host.Netns!.Bridge = bridge;
                host.Netns.StateDirectory = lab.StateDirectory;
                host.Netns.GuestAddress = $"10.216.{lab.Id[1] - '0' + 100}.{11 + i}/24";
            }
        });
        await using var container = services.BuildServiceProvider();
        var provider = container.GetRequiredService<LabVmPairProvider>();

        var pair = await provider.CreatePairAsync(LabHarness.Request("run-9-1"));
        try
        {
            Assert.Equal("local-a", pair.Tags[LabTags.ClientHost]);
            Assert.Equal("local-b", pair.Tags[LabTags.PeerHost]);
            Assert.StartsWith("local", pair.Client.Shell.Description.Split(" via ")[1], StringComparison.Ordinal);

            // The Quickstart path: the client reaches the peer over ssh, pinning the peer VM's own sshd host key
            // (not this machine's /etc/ssh keys), so the readiness proof passes with strict host key checking.
            var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3"] });
            Assert.True(report.IsReady, $"not ready: {report.FirstFailure?.Name}: {report.FirstFailure?.Detail}");
            Assert.Equal("ssh", report.Transport);
            var answer = await LabHarness.CheckAsync(pair.Client.Shell, PeerBootstrapper.CommandForPeer(pair, "ip -4 -o addr show dev eth0"));
            Assert.Contains(pair.Peer.Addresses[0] + "/", answer, StringComparison.Ordinal);
            Assert.True(await LabHarness.Iperf3Async(pair) > 0);
        }
        finally
        {
            await provider.DeletePairAsync(pair.Id);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
        Assert.Equal(1, (await HostCommand.RunAsync($"ip link show {bridge}")).ExitCode);
    }
}
