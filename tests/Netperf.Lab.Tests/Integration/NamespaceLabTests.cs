using System.Globalization;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Lab.Inventory;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;

namespace Netperf.Lab.Tests.Integration;

/// <summary>
/// The lab for real: hosts are namespaces with their own sshd reached only over SSH; the netns driver makes each
/// job's VMs inside them. Needs root, iproute2, OpenSSH and iperf3.
/// </summary>
public sealed class NamespaceLabTests(NamespaceLabFixture fixture) : IClassFixture<NamespaceLabFixture>
{
    private static readonly Prerequisite[] Needs = [Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3];

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task CreatePair_AcrossTwoHosts_IsReadyCarriesTrafficOverTheHostLinkAndLeavesNothing()
    {
        Prerequisites.Ensure(Needs);
        var lab = fixture.Lab;
        await using var harness = LabHarness.For(lab);

        var pair = await harness.Provider.CreatePairAsync(LabHarness.Request("run-1-1"));
        await using var cleanup = Cleanup(harness, pair.Id);

        Assert.NotEqual(pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost]);
        Assert.Equal("lab-tests", pair.Tags[OwnershipTags.Owner]);
        Assert.Equal("netns+netns@10g", pair.Tags[LabTags.Baseline]);
        var report = await new PeerBootstrapper().BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3"] });
        harness.Provider.ReportBootstrap(pair, report);
        Assert.True(report.IsReady, $"not ready: {report.FirstFailure?.Name}: {report.FirstFailure?.Detail}");
        var answer = await LabHarness.CheckAsync(pair.Client.Shell, PeerBootstrapper.CommandForPeer(pair, "ip -4 -o addr show dev eth0"));
        Assert.Contains(pair.Peer.Addresses[0] + "/", answer, StringComparison.Ordinal);

        var clientHost = lab.Hosts.Single(h => h.Name == pair.Tags[LabTags.ClientHost]);
        var before = await LabLinkTxBytesAsync(clientHost);
        var bitsPerSecond = await LabHarness.Iperf3Async(pair);
        var sent = await LabLinkTxBytesAsync(clientHost) - before;
        Assert.True(bitsPerSecond > 0, "iperf3 measured nothing");
        Assert.True(sent > 1_000_000, $"only {sent} bytes crossed the client host's lab link during iperf3");

        Assert.Single(await harness.Provider.ListPairsAsync());
        await harness.Provider.DeletePairAsync(pair.Id);

        Assert.Empty(await harness.Provider.ListPairsAsync());
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
        Assert.Null(harness.Provider.LeaseHolderOf(clientHost.Name));
    }

    /// <summary>
    /// The libvirt driver's in-guest SSH against a real sshd (a lab host's, standing in for a guest): a stand-in
    /// <c>virsh</c> reports the address and, as the guest agent, the host key it reads from the guest's disk.
    /// The driver connects when that is the key the sshd presents, and refuses when it is not.
    /// </summary>
    [IntegrationTheory(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task LibvirtRunInGuest_RealSshd_ConnectsOnlyWithTheHostKeyTheGuestAgentRead(bool agentReadsTheRealKey)
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;
        var guest = lab.Hosts[^1];
        var folder = Directory.CreateTempSubdirectory("np-libvirt-hostkey-").FullName;
        try
        {
            var keyFile = Path.Combine(lab.Folder, guest.Namespace, "host_key.pub");
            if (!agentReadsTheRealKey)
            {
                keyFile = Path.Combine(folder, "impostor_key");
                Assert.Equal(0, (await HostCommand.RunAsync($"ssh-keygen -q -t ed25519 -N '' -f {keyFile}")).ExitCode);
                keyFile += ".pub";
            }

            var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
            var virsh = Path.Combine(bin, "virsh");
            await File.WriteAllTextAsync(virsh, $$$"""
                #!/bin/sh
                # Stand-in for 'virsh -c URI VERB DOMAIN ...': the guest agent's answers for one guest.
                shift 2
                case "$1" in
                  domifaddr) printf ' Name MAC Protocol Address\n-----\n eth0 52:54:00:00:00:01 ipv4 {{{guest.ManagementAddress}}}/30\n' ;;
                  qemu-agent-command)
                    case "$3" in
                      *guest-file-open*'"/etc/ssh/ssh_host_ed25519_key.pub"'*) echo '{"return":1000}' ;;
                      *guest-file-read*) printf '{"return":{"count":1,"buf-b64":"%s","eof":true}}\n' "$(base64 -w0 < '{{{keyFile}}}')" ;;
                      *guest-file-close*) echo '{"return":{}}' ;;
                      *) exit 1 ;;
                    esac ;;
                  *) exit 1 ;;
                esac

                """.ReplaceLineEndings("\n"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(virsh, (UnixFileMode)0b111_101_101);
            }

            await using var shell = new Netperf.Core.Remoting.LocalProcessShell(
                environment: new Dictionary<string, string> { ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") });
            var host = new Netperf.Lab.Drivers.LabHost(new LabHostOptions
            {
                Name = "kvm-test",
                Address = "localhost",
                Hypervisor = LabHypervisors.Libvirt,
                Images = ["ubuntu-24.04"],
                Link = "t",
                Libvirt = new LabLibvirtHostOptions { DiskPath = folder, GuestIdentityFile = lab.IdentityFile, GuestUser = "root" },
            }, shell);

            var result = await new Netperf.Lab.Drivers.Libvirt.LibvirtDriver().RunInGuestAsync(
                host, "kvmguest1", new Netperf.Core.Remoting.RemoteCommand { Text = "echo reached-the-guest", Timeout = TimeSpan.FromSeconds(60) });

            var pinned = (await File.ReadAllTextAsync(Path.Combine(folder, "kvmguest1.known_hosts"))).Trim();
            var key = (await File.ReadAllTextAsync(keyFile)).Split(' ');
            Assert.Equal($"kvmguest1 {key[0]} {key[1]}", pinned);
            if (agentReadsTheRealKey)
            {
                Assert.True(result.Succeeded, $"exit {result.ExitCode}: {result.StandardError}");
                Assert.Equal("reached-the-guest\n", result.StandardOutput);
            }
            else
            {
                Assert.Equal(255, result.ExitCode);
                Assert.Contains("Host key verification failed", result.StandardError, StringComparison.Ordinal);
                Assert.DoesNotContain("reached-the-guest", result.StandardOutput, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task CreatePair_ConcurrentJobs_NeverShareAHostAndWaitForAFreeOne()
    {
        Prerequisites.Ensure(Needs);
        var lab = fixture.Lab;
        await using var harness = LabHarness.For(lab);

        var both = await Task.WhenAll(
            harness.Provider.CreatePairAsync(LabHarness.Request("run-2-1")),
            harness.Provider.CreatePairAsync(LabHarness.Request("run-3-1")));
        await using var cleanup = Cleanup(harness, both[0].Id, both[1].Id);
        var hostsA = HostsOf(both[0]);
        var hostsB = HostsOf(both[1]);
        Assert.Empty(hostsA.Intersect(hostsB));

        var third = harness.Provider.CreatePairAsync(LabHarness.Request("run-4-1"));
        Assert.False(third.IsCompleted);
        await harness.Provider.DeletePairAsync(both[0].Id);
        var pairC = await third;
        await using var cleanupC = Cleanup(harness, pairC.Id);

        Assert.Equal(hostsA.Order(), HostsOf(pairC).Order());
        await LabHarness.ProveReadyAsync(pairC);
        await harness.Provider.DeletePairAsync(both[1].Id);
        await harness.Provider.DeletePairAsync(pairC.Id);
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task DeletePair_FromAnotherProcess_FindsThePairByItsTags()
    {
        Prerequisites.Ensure(Needs);
        var lab = fixture.Lab;
        await using var creator = LabHarness.For(lab);
        var pair = await creator.Provider.CreatePairAsync(LabHarness.Request("run-5-1"));
        await using var cleanup = Cleanup(creator, pair.Id);

        await using var janitor = LabHarness.For(lab);
        var record = Assert.Single(await janitor.Provider.ListPairsAsync());
        Assert.Equal(pair.Id, record.Id);
        Assert.True(OwnershipTags.IsOurs(record.Tags));
        Assert.Equal(pair.ExpiresAt, OwnershipTags.TryGetExpiry(record.Tags));
        Assert.Equal(pair.CreatedAt, record.CreatedAt);
        await janitor.Provider.DeletePairAsync(pair.Id);

        Assert.Empty(await creator.Provider.ListPairsAsync());
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
        await creator.Provider.DeletePairAsync(pair.Id); // deleting what is gone succeeds
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh)]
    public async Task OpenPair_FromAnotherProcess_ReachesBothVmsOverTheHostsSshAndThePeerThroughThePairsAlias()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh);
        var lab = fixture.Lab;
        await using var creator = LabHarness.For(lab);
        var made = await creator.Provider.CreatePairAsync(LabHarness.Request("run-6-1"));
        await using var cleanup = Cleanup(creator, made.Id);
        var report = await new PeerBootstrapper().BootstrapAsync(made, new BootstrapRequirements());
        Assert.True(report.IsReady, $"not ready: {report.FirstFailure?.Name}: {report.FirstFailure?.Detail}");

        await using var opener = LabHarness.For(lab);
        var pair = await opener.Provider.OpenPairAsync(made.Id);
        const string Address = "ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1";
        var onClient = await pair.Client.Shell.RunAsync(new Core.Remoting.RemoteCommand { Text = Address + "; exit 3", Timeout = TimeSpan.FromSeconds(30) });
        var onPeer = await pair.Client.Shell.RunAsync(new Core.Remoting.RemoteCommand { Text = PeerBootstrapper.CommandForPeer(pair, Address + "; exit 4"), Timeout = TimeSpan.FromSeconds(30) });

        Assert.Equal((3, made.Client.Addresses[0]), (onClient.ExitCode, onClient.StandardOutput.Trim()));
        Assert.Equal((4, made.Peer.Addresses[0]), (onPeer.ExitCode, onPeer.StandardOutput.Trim()));
        Assert.Contains(" via ssh", pair.Peer.Shell.Description, StringComparison.OrdinalIgnoreCase);
        await pair.Client.Shell.DisposeAsync();
        await pair.Peer.Shell.DisposeAsync();
        await creator.Provider.DeletePairAsync(made.Id);
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task DeletePair_GuestLeftACrashDump_QuarantinesItsHostAndJobsGoElsewhere()
    {
        Prerequisites.Ensure(Needs);
        var lab = fixture.Lab;
        await using var harness = LabHarness.For(lab);
        var pair = await harness.Provider.CreatePairAsync(LabHarness.Request("run-6-1"));
        await using var cleanup = Cleanup(harness, pair.Id);
        var crashedHost = pair.Tags[LabTags.PeerHost];
        await LabHarness.CheckAsync(pair.Peer.Shell, "[ -d /var/crash ] && echo dump > /var/crash/vmcore || true");
        await HostCommand.CheckAsync($"echo dump > {lab.StateDirectory}/{pair.Peer.Name}/crash/vmcore");

        await harness.Provider.DeletePairAsync(pair.Id);

        Assert.True(harness.Provider.Health.IsQuarantined(crashedHost));
        Assert.Contains("crash dump", harness.Provider.Health.Snapshot().Single(s => s.Host == crashedHost).Reason, StringComparison.Ordinal);
        var next = await harness.Provider.CreatePairAsync(LabHarness.Request("run-7-1"));
        await using var cleanupNext = Cleanup(harness, next.Id);
        Assert.DoesNotContain(crashedHost, HostsOf(next));
        await harness.Provider.DeletePairAsync(next.Id);
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task CreatePair_WithNetem_DelaysTheLinkOrFailsCleanlyWhereTheKernelHasNoNetem()
    {
        Prerequisites.Ensure(Needs);
        var lab = fixture.Lab;
        await using var harness = LabHarness.For(lab);
        var request = LabHarness.Request("run-8-1", new Dictionary<string, string> { [LabTags.Netem] = "delay 25ms" });

        if (!await KernelHasNetemAsync(lab))
        {
            var error = await Assert.ThrowsAsync<PairProvisioningException>(() => harness.Provider.CreatePairAsync(request));
            Assert.Equal("shape-link", error.Step);
            Assert.Contains("sch_netem", error.Message, StringComparison.Ordinal);
            Assert.Empty(await harness.Provider.ListPairsAsync());
            Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
            return;
        }

        var pair = await harness.Provider.CreatePairAsync(request);
        await using var cleanup = Cleanup(harness, pair.Id);
        var ping = await LabHarness.CheckAsync(pair.Client.Shell, $"ping -c 2 -i 0.2 -q {pair.Peer.Addresses[0]}");
        await harness.Provider.DeletePairAsync(pair.Id);

        // rtt min/avg/max/mdev = 50.1/50.2/... : both directions cross one shaped veth each.
        var minRtt = double.Parse(ping.Split("= ")[1].Split('/')[0], CultureInfo.InvariantCulture);
        Assert.InRange(minRtt, 49.0, 1000.0);
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
    }

    private static async Task<bool> KernelHasNetemAsync(NamespaceLab lab)
    {
        var probe = $"npl{lab.Id}nq";
        var (code, _) = await HostCommand.RunAsync($"ip netns add {probe} && ip netns exec {probe} tc qdisc add dev lo root netem delay 1ms; r=$?; ip netns del {probe}; exit $r");
        return code == 0;
    }

    /// <summary>Deletes the pairs however the test ends (deleting a deleted pair succeeds).</summary>
    private static AsyncCleanup Cleanup(LabHarness harness, params string[] pairIds) => new(async () =>
    {
        foreach (var id in pairIds)
        {
            await harness.Provider.DeletePairAsync(id);
        }
    });

    private static string[] HostsOf(VmPair pair) => [pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost]];

    private static async Task<long> LabLinkTxBytesAsync(NamespaceHost host) =>
        long.Parse((await HostCommand.CheckAsync($"ip netns exec {host.Namespace} cat /sys/class/net/lab0/statistics/tx_bytes")).Trim(), CultureInfo.InvariantCulture);

    private sealed class AsyncCleanup(Func<Task> action) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await action();
    }
}
