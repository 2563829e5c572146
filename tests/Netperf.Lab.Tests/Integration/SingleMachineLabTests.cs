using Microsoft.Extensions.DependencyInjection;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Lab.Hosting;
using Netperf.Lab.Inventory;
using Netperf.Core.Remoting;
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
        await using var container = SingleMachineLab(lab);
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

            // Both namespaces are this machine's: the netperf-peer alias settles on P-256 ECDH, not OpenSSH 9's sntrup761
            // hybrid (the same alias and ssh, with -v to show the negotiation).
            Assert.True(pair.LinkStaysOnHost);
            var verbose = await pair.Client.Shell.RunAsync(new RemoteCommand
            {
                Text = PeerBootstrapper.CommandForPeer(pair, "true").Replace("exec ssh -F", "exec ssh -v -F", StringComparison.Ordinal),
                Timeout = TimeSpan.FromSeconds(60),
            });
            Assert.True(verbose.Succeeded, verbose.StandardError);
            Assert.Contains("kex: algorithm: ecdh-sha2-nistp256\n", verbose.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            await provider.DeletePairAsync(pair.Id);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
        Assert.Equal(1, (await HostCommand.RunAsync($"ip link show {bridge}-0")).ExitCode);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task CreatePair_FourPairsFromTwoProvidersAtOnce_EachGetsItsOwnLinkAndAddressesAndDeleteLeavesNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;

        // Two containers share nothing in memory (no lease table, no live pairs): like two processes, only the host's
        // state folder and its lock file keep them apart.
        await using var first = SingleMachineLab(lab);
        await using var second = SingleMachineLab(lab);
        var providers = new[] { first, second }.Select(c => c.GetRequiredService<LabVmPairProvider>()).ToArray();
        var made = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            try
            {
                return (Provider: providers[i % 2], Pair: await providers[i % 2].CreatePairAsync(LabHarness.Request($"run-multi-{i}")), Error: (Exception?)null);
            }
            catch (Exception ex)
            {
                return (Provider: providers[i % 2], Pair: (Netperf.Core.Pairs.VmPair?)null, Error: ex);
            }
        }));
        try
        {
            Assert.All(made, m => Assert.Null(m.Error));
            var pairs = made.Select(m => m.Pair!).ToList();
            var subnets = pairs.Select(p => string.Join('.', p.Client.Addresses[0].Split('.')[..3])).ToList();
            Assert.Equal(4, subnets.Distinct().Count());
            Assert.All(pairs, p => Assert.Equal(string.Join('.', p.Client.Addresses[0].Split('.')[..3]), string.Join('.', p.Peer.Addresses[0].Split('.')[..3])));
            foreach (var pair in pairs)
            {
                var report = await new PeerBootstrapper().BootstrapAsync(pair, BootstrapRequirements.None);
                Assert.True(report.IsReady, $"{pair.Id} not ready: {report.FirstFailure?.Name}: {report.FirstFailure?.Detail}");
            }

            // Each pair's link is its own: a client never reaches another pair's peer.
            var other = pairs[1].Peer.Addresses[0];
            var cross = await pairs[0].Client.Shell.RunAsync(new Netperf.Core.Remoting.RemoteCommand { Text = $"ping -c 1 -W 1 {other}", Timeout = TimeSpan.FromSeconds(10) });
            Assert.False(cross.Succeeded, $"pair {pairs[0].Id}'s client reached pair {pairs[1].Id}'s peer at {other}");
        }
        finally
        {
            foreach (var m in made.Where(m => m.Pair is not null))
            {
                await m.Provider.DeletePairAsync(m.Pair!.Id);
            }
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
        Assert.Equal(string.Empty, (await HostCommand.CheckAsync($"ip -o link show | grep -c ' {lab.VmPrefix}br0-' || true")).Trim() is "0" ? string.Empty : "bridges left");
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task RunInGuest_ThroughTheVmsSshdOrWithoutIt_RunsInTheVmsNetworkRootAndTmp()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;
        await using var container = SingleMachineLab(lab);
        var provider = container.GetRequiredService<LabVmPairProvider>();
        var pair = await provider.CreatePairAsync(LabHarness.Request("run-guest-1"));
        try
        {
            var vm = pair.Client.Name;
            var folder = $"{lab.StateDirectory}/{vm}";
            var network = (await HostCommand.CheckAsync($"stat -L -c %i /var/run/netns/{vm}")).Trim();

            // With the VM's sshd up the command joins its namespaces; without it, it makes them as the sshd's start did.
            var viaSshd = await LabHarness.CheckAsync(pair.Client.Shell, "set -- sshd; " + Probe);
            Assert.Equal($"/root net:[{network}] /root\n", viaSshd);
            Assert.Equal("sshd\n", File.ReadAllText($"{folder}/root/marker"));
            Assert.Equal("sshd\n", File.ReadAllText($"{folder}/tmp/marker"));

            // A pid file that names a live process outside the VM (this test's) must not be joined.
            File.WriteAllText($"{folder}/sshd.pid", Environment.ProcessId + "\n");
            var withoutSshd = await LabHarness.CheckAsync(pair.Client.Shell, "set -- namespaces; " + Probe);
            Assert.Equal($"/root net:[{network}] /root\n", withoutSshd);
            Assert.Equal("namespaces\n", File.ReadAllText($"{folder}/root/marker"));
            Assert.Equal("namespaces\n", File.ReadAllText($"{folder}/tmp/marker"));
        }
        finally
        {
            await provider.DeletePairAsync(pair.Id);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task RunInGuest_VmWithoutAnFstabAndWithoutItsSshd_BindsItsFoldersOneByOne()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;
        await using var container = SingleMachineLab(lab);
        var provider = container.GetRequiredService<LabVmPairProvider>();
        var pair = await provider.CreatePairAsync(LabHarness.Request("run-guest-2"));
        try
        {
            var vm = pair.Client.Name;
            var folder = $"{lab.StateDirectory}/{vm}";
            var network = (await HostCommand.CheckAsync($"stat -L -c %i /var/run/netns/{vm}")).Trim();

            // A VM made before its mounts were written down (no fstab), reached while its sshd cannot be joined.
            File.Delete($"{folder}/fstab");
            File.WriteAllText($"{folder}/sshd.pid", Environment.ProcessId + "\n");
            var answer = await LabHarness.CheckAsync(pair.Client.Shell, "set -- one-by-one; " + Probe);

            Assert.Equal($"/root net:[{network}] /root\n", answer);
            Assert.Equal("one-by-one\n", File.ReadAllText($"{folder}/root/marker"));
            Assert.Equal("one-by-one\n", File.ReadAllText($"{folder}/tmp/marker"));
        }
        finally
        {
            await provider.DeletePairAsync(pair.Id);
        }

        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    /// <summary>Prints HOME, the network namespace and the working folder, and writes <c>$1</c> to /root/marker and /tmp/marker.</summary>
    private const string Probe = "printf '%s %s %s\\n' \"$HOME\" \"$(readlink /proc/self/ns/net)\" \"$PWD\"; echo \"$1\" > /root/marker; echo \"$1\" > /tmp/marker";

    /// <summary>The single-machine lab with private names, state folder and subnets, so parallel runs on one machine never meet.</summary>
    private static ServiceProvider SingleMachineLab(NamespaceLab lab)
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddSingleMachineLab(options => Private(options, lab));
        return services.BuildServiceProvider();
    }

    /// <summary>Gives the single-machine lab's options the test lab's private names, state folder and subnets (and more images).</summary>
    internal static void Private(LabOptions options, NamespaceLab lab, params string[] moreImages)
    {
        options.NamePrefix = lab.VmPrefix;
        foreach (var (host, i) in options.Hosts.Select((h, i) => (h, i)))
        {
            host.Netns!.Bridge = $"{lab.VmPrefix}br0";
            host.Netns.StateDirectory = lab.StateDirectory;
            host.Netns.GuestAddress = $"10.{lab.Id[1] - '0' + 150}.0.{11 + i}/24";
            foreach (var image in moreImages)
            {
                host.Images.Add(image);
            }
        }
    }
}
