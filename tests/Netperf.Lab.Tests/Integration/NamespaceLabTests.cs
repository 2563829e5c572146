using System.Globalization;
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
        var answer = await LabHarness.ProveReadyAsync(pair);
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
    public async Task CreatePair_WithNetem_DelaysTheLink()
    {
        Prerequisites.Ensure(Needs);
        var lab = fixture.Lab;
        await using var harness = LabHarness.For(lab);
        var pair = await harness.Provider.CreatePairAsync(
            LabHarness.Request("run-8-1", new Dictionary<string, string> { [LabTags.Netem] = "delay 25ms" }));
        await using var cleanup = Cleanup(harness, pair.Id);

        var ping = await LabHarness.CheckAsync(pair.Client.Shell, $"ping -c 2 -i 0.2 -q {pair.Peer.Addresses[0]}");
        await harness.Provider.DeletePairAsync(pair.Id);

        // rtt min/avg/max/mdev = 50.1/50.2/... : both directions cross one shaped veth each.
        var minRtt = double.Parse(ping.Split("= ")[1].Split('/')[0], CultureInfo.InvariantCulture);
        Assert.InRange(minRtt, 49.0, 1000.0);
        Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
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
