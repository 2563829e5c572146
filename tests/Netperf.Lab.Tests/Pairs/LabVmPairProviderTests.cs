using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Lab.Inventory;
using Netperf.Lab.Pairs;
using Netperf.Lab.Tests.Fakes;
using Netperf.Testing.Pairs;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Lab.Tests.Pairs;

public sealed class LabVmPairProviderTests
{
    [Fact]
    public async Task CreatePairAsync_PlacesOnTwoHostsThatShareALinkAndRunTheImage()
    {
        var hypervisor = new InMemoryHypervisor();
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(
            ("a", "tor1", ["ubuntu-24.04"]), ("b", "tor2", ["ubuntu-24.04"]), ("c", "tor1", ["windows-2022"]), ("d", "tor1", ["ubuntu-24.04"])), hypervisor);

        var pair = await provider.CreatePairAsync(ProviderFactory.Request());

        Assert.Equal(["a", "d"], new[] { pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost] });
        Assert.Equal(2, hypervisor.Vms.Count);
        Assert.All(hypervisor.Vms.Values, tags => Assert.True(OwnershipTags.IsOurs(tags)));
        Assert.Equal(pair.Id, provider.LeaseHolderOf("a"));
        Assert.Equal(pair.Id, provider.LeaseHolderOf("d"));
        Assert.Null(provider.LeaseHolderOf("b"));
    }

    [Fact]
    public async Task ExtendExpiryAsync_LaterExpiry_RewritesEveryVmsTagsAndAnEarlierOneChangesNothing()
    {
        var hypervisor = new InMemoryHypervisor();
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);
        var pair = await provider.CreatePairAsync(ProviderFactory.Request());
        var later = pair.ExpiresAt + TimeSpan.FromHours(3);

        Assert.True(await provider.ExtendExpiryAsync(pair.Id, later));
        Assert.True(await provider.ExtendExpiryAsync(pair.Id, pair.ExpiresAt));

        Assert.All(hypervisor.Vms.Values, tags => Assert.Equal(later, OwnershipTags.TryGetExpiry(tags)));
        Assert.Equal(later, OwnershipTags.TryGetExpiry(Assert.Single(await provider.ListPairsAsync()).Tags));
        Assert.Equal(2, hypervisor.Log.Count(l => l.Contains(":tag:", StringComparison.Ordinal)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => provider.ExtendExpiryAsync("no-such-pair", later));
    }

    [Fact]
    public async Task OpenPairAsync_PairMadeByAnotherProvider_ReachesEachVmThroughItsHostWithThePairsSpecAndTags()
    {
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04", "ubuntu-22.04"]), ("b", "tor2", ["ubuntu-24.04"]), ("c", "tor1", ["ubuntu-22.04"]));
        await using var creator = ProviderFactory.Create(options, hypervisor);
        var made = await creator.CreatePairAsync(ProviderFactory.Request("ubuntu-22.04"));
        await using var other = ProviderFactory.Create(options, hypervisor);

        var pair = await other.OpenPairAsync(made.Id);
        var onClient = await pair.Client.Shell.RunAsync(new Core.Remoting.RemoteCommand { Text = "hostname" });
        var onPeer = await pair.Peer.Shell.RunAsync(new Core.Remoting.RemoteCommand { Text = "hostname" });

        Assert.Equal((made.Client.Name, made.Peer.Name), (pair.Client.Name, pair.Peer.Name));
        Assert.Equal(made.Client.Addresses, pair.Client.Addresses);
        Assert.Equal(made.Peer.Addresses, pair.Peer.Addresses);
        Assert.Equal(("ubuntu-22.04", "lab"), (pair.Spec.Image, pair.Environment));
        Assert.Equal((made.Owner, made.RunId, made.CreatedAt, made.ExpiresAt), (pair.Owner, pair.RunId, pair.CreatedAt, pair.ExpiresAt));
        Assert.Equal(("a", "c"), (pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost]));
        Assert.Equal(($"a/{made.Client.Name}", $"c/{made.Peer.Name}"), (onClient.StandardError, onPeer.StandardError));
        Assert.Equal(2, hypervisor.Vms.Count);
        Assert.Null(other.LeaseHolderOf("a"));
    }

    [Fact]
    public async Task OpenPairAsync_PairThatDoesNotExistOrLostAVm_ThrowsSayingWhich()
    {
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]));
        await using var provider = ProviderFactory.Create(options, hypervisor);
        var made = await provider.CreatePairAsync(ProviderFactory.Request());
        hypervisor.Vms.TryRemove(("b", made.Peer.Name), out _);

        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.OpenPairAsync("npl-nosuch"));
        var halved = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.OpenPairAsync(made.Id));

        Assert.StartsWith("No VM of lab pair 'npl-nosuch' was found on any host", missing.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Lab pair '{made.Id}' has no peer VM any more ({made.Client.Name} on a is left)", halved.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePairAsync_SecondJobWhileHostsAreLeased_NeverSharesAHost()
    {
        var hypervisor = new InMemoryHypervisor();
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(
            ("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]), ("c", "tor1", ["ubuntu-24.04"])), hypervisor);

        var first = await provider.CreatePairAsync(ProviderFactory.Request());
        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => provider.CreatePairAsync(ProviderFactory.Request(run: "run-2-1")));

        Assert.Equal("place", error.Step);
        Assert.Contains($"leased to {first.Id}", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, hypervisor.Vms.Count);
    }

    [Fact]
    public async Task CreatePairAsync_PeerFailsToStart_DeletesBothVmsReleasesHostsAndNamesTheStep()
    {
        var hypervisor = new InMemoryHypervisor();
        hypervisor.Failures[("b", "start")] = "no memory";
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => provider.CreatePairAsync(ProviderFactory.Request()));

        Assert.Equal("start-vm", error.Step);
        Assert.Contains("no memory", error.Message, StringComparison.Ordinal);
        Assert.Empty(hypervisor.Vms);
        Assert.Null(provider.LeaseHolderOf("a"));
        Assert.Null(provider.LeaseHolderOf("b"));
    }

    [Fact]
    public async Task CreatePairAsync_HostFailsThresholdTimes_IsQuarantinedAndJobsMoveToOtherHosts()
    {
        var hypervisor = new InMemoryHypervisor();
        hypervisor.Failures[("a", "create")] = "disk full";
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]), ("c", "tor1", ["ubuntu-24.04"]));
        options.FailureThreshold = 2;
        await using var provider = ProviderFactory.Create(options, hypervisor);

        await Assert.ThrowsAsync<PairProvisioningException>(() => provider.CreatePairAsync(ProviderFactory.Request()));
        Assert.False(provider.Health.IsQuarantined("a"));
        await Assert.ThrowsAsync<PairProvisioningException>(() => provider.CreatePairAsync(ProviderFactory.Request()));
        Assert.True(provider.Health.IsQuarantined("a"));
        var pair = await provider.CreatePairAsync(ProviderFactory.Request());

        Assert.Equal(["b", "c"], new[] { pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost] });
        var status = provider.Health.Snapshot().Single(s => s.Host == "a");
        Assert.Contains("disk full", status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePairAsync_GuestLeftACrashDump_QuarantinesThatHost()
    {
        var hypervisor = new InMemoryHypervisor();
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);
        var pair = await provider.CreatePairAsync(ProviderFactory.Request());
        hypervisor.CrashDumps[("b", pair.Peer.Name)] = "/var/crash/vmcore";

        await provider.DeletePairAsync(pair.Id);

        Assert.True(provider.Health.IsQuarantined("b"));
        Assert.False(provider.Health.IsQuarantined("a"));
        Assert.Empty(hypervisor.Vms);
    }

    [Fact]
    public async Task ListAndDelete_FromAnotherProviderInstance_WorkFromTheVmTags()
    {
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]));
        await using var creator = ProviderFactory.Create(options, hypervisor);
        var pair = await creator.CreatePairAsync(ProviderFactory.Request());
        await using var other = ProviderFactory.Create(options, hypervisor);

        var record = Assert.Single(await other.ListPairsAsync());
        await other.DeletePairAsync(pair.Id);

        Assert.Equal(pair.Id, record.Id);
        Assert.Equal("tests", record.Tags[OwnershipTags.Owner]);
        Assert.Equal(pair.CreatedAt, record.CreatedAt);
        Assert.Empty(hypervisor.Vms);
        Assert.Empty(await creator.ListPairsAsync());
    }

    [Fact]
    public async Task CreatePairAsync_HostRunsAVmOfAnotherProcess_PlacesElsewhere()
    {
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]), ("c", "tor1", ["ubuntu-24.04"]));
        hypervisor.Vms[("a", "npl12345678c")] = new Dictionary<string, string>
        {
            [OwnershipTags.Owner] = "someone", [OwnershipTags.Run] = "r", [OwnershipTags.Pair] = "other", [LabTags.Role] = "client", [LabTags.ClientHost] = "a",
        };
        await using var provider = ProviderFactory.Create(options, hypervisor);

        var pair = await provider.CreatePairAsync(ProviderFactory.Request());

        Assert.Equal(["b", "c"], new[] { pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost] });
    }

    [Fact]
    public async Task CreatePairAsync_Cancelled_LeavesNothing()
    {
        var hypervisor = new InMemoryHypervisor { StartGate = new TaskCompletionSource() };
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);
        using var cts = new CancellationTokenSource();

        var creating = provider.CreatePairAsync(ProviderFactory.Request(), cts.Token);
        Assert.Equal(2, hypervisor.Vms.Count);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => creating);
        Assert.Empty(hypervisor.Vms);
        Assert.Null(provider.LeaseHolderOf("a"));
        Assert.False(provider.Health.IsQuarantined("a"));
    }

    [Fact]
    public async Task Leases_RenewedByHeartbeatUntilThePairExpires_ThenLapse()
    {
        var time = new FakeTimeProvider();
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]));
        options.LeaseTimeToLive = TimeSpan.FromMinutes(10);
        options.HeartbeatInterval = TimeSpan.FromMinutes(1);
        await using var provider = ProviderFactory.Create(options, hypervisor, time);
        var pair = await provider.CreatePairAsync(ProviderFactory.Request()); // lives 30 minutes

        // A minute at a time, as a clock passes: the library's fake clock runs every timer due within one Advance at
        // the Advance's end time.
        void AdvanceMinutes(int minutes)
        {
            for (var i = 0; i < minutes; i++)
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }
        }

        AdvanceMinutes(29);
        Assert.Equal(pair.Id, provider.LeaseHolderOf("a"));
        AdvanceMinutes(9);
        Assert.Equal(pair.Id, provider.LeaseHolderOf("a")); // last renewed at minute 29, so held until 39
        AdvanceMinutes(2);
        Assert.Null(provider.LeaseHolderOf("a"));
    }

    [Fact]
    public async Task ReportBootstrap_FailedReports_CountTowardsQuarantine()
    {
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]));
        options.FailureThreshold = 1;
        await using var provider = ProviderFactory.Create(options, hypervisor);
        var pair = await provider.CreatePairAsync(ProviderFactory.Request());

        provider.ReportBootstrap(pair, new ReadinessReport
        {
            PairId = pair.Id,
            IsReady = false,
            Transport = "ssh",
            Steps = [new ReadinessStep { Name = "prove-ready", Outcome = ReadinessStepOutcome.Failed, Duration = TimeSpan.Zero, Detail = "connection refused" }],
        });

        Assert.True(provider.Health.IsQuarantined("a"));
        Assert.True(provider.Health.IsQuarantined("b"));
    }

    [Fact]
    public async Task ProvisionAsync_BootstrapFailsThroughTheProvisioner_QuarantinesBothHosts()
    {
        var hypervisor = new InMemoryHypervisor();
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]));
        options.FailureThreshold = 1;
        await using var provider = ProviderFactory.Create(options, hypervisor);
        var provisioner = new PairProvisioner(new VmPairProviderCatalog([provider]), new FakePairBootstrapper { Fault = _ => "prove-ready" });

        await Assert.ThrowsAsync<PairProvisioningException>(() => provisioner.ProvisionAsync(ProviderFactory.Request()));

        Assert.True(provider.Health.IsQuarantined("a"));
        Assert.True(provider.Health.IsQuarantined("b"));
        Assert.Empty(hypervisor.Vms);
    }

    [Fact]
    public async Task CreatePairAsync_NoHostRunsTheImage_FailsAtOnceWithEachHostsReason()
    {
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), new InMemoryHypervisor());

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => provider.CreatePairAsync(ProviderFactory.Request("windows-2022")));

        Assert.Contains("a: cannot run windows-2022", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePairAsync_WrongEnvironment_Throws()
    {
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"])), new InMemoryHypervisor());
        var request = ProviderFactory.Request() with { Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "azure" } };

        await Assert.ThrowsAsync<ArgumentException>(() => provider.CreatePairAsync(request));
    }

    [Theory]
    [InlineData("netns", "a", "local", "netns", "a", "local", true)]
    [InlineData("netns", "a", "local", "netns", "b", "local", true)]
    [InlineData("netns", "a", "ssh", "netns", "b", "ssh", false)]
    [InlineData("netns", "a", "local", "libvirt", "a", "local", false)]
    [InlineData("libvirt", "a", "ssh", "libvirt", "a", "ssh", false)]
    public void LinkStaysOnHost_NamespacesOfOneMachineOnly(string clientHypervisor, string clientName, string clientAccess, string peerHypervisor, string peerName, string peerAccess, bool expected)
    {
        static LabHostOptions Host(string hypervisor, string name, string access) => new()
        {
            Name = name,
            Address = name + ".lab",
            Hypervisor = hypervisor,
            Access = new LabHostAccess { Kind = access == "local" ? LabHostAccessKind.Local : LabHostAccessKind.Ssh },
        };

        Assert.Equal(expected, LabVmPairProvider.LinkStaysOnHost(Host(clientHypervisor, clientName, clientAccess), Host(peerHypervisor, peerName, peerAccess)));
    }

    [Fact]
    public async Task CreatePairAsync_HostsOfAnotherHypervisor_LinkDoesNotStayOnHost()
    {
        var hypervisor = new InMemoryHypervisor();
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("h1", "l", ["ubuntu-24.04"]), ("h2", "l", ["ubuntu-24.04"])), hypervisor);

        var pair = await provider.CreatePairAsync(ProviderFactory.Request());

        Assert.False(pair.LinkStaysOnHost);
    }

    [Fact]
    public async Task CreatePairAsync_BothHostsOneMachine_ListsThatMachinesVmsOnce()
    {
        var hypervisor = new InMemoryHypervisor { Machines = { ["a"] = "m", ["b"] = "m" } };
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);

        await provider.CreatePairAsync(ProviderFactory.Request());

        Assert.Single(hypervisor.Log, l => l.Contains(":list:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreatePairAsync_AnotherProcesssVmOnOneHostOfASharedMachine_OnlyThatHostIsBusy()
    {
        var hypervisor = new InMemoryHypervisor { Machines = { ["a"] = "m", ["b"] = "m" } };
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]), ("c", "tor1", ["ubuntu-24.04"]));
        hypervisor.Vms[("b", "npl12345678p")] = new Dictionary<string, string>
        {
            [OwnershipTags.Owner] = "someone", [OwnershipTags.Run] = "r", [OwnershipTags.Pair] = "other", [LabTags.Role] = "peer", [LabTags.PeerHost] = "b",
        };
        await using var provider = ProviderFactory.Create(options, hypervisor);

        var pair = await provider.CreatePairAsync(ProviderFactory.Request());

        Assert.Equal(["a", "c"], new[] { pair.Tags[LabTags.ClientHost], pair.Tags[LabTags.PeerHost] });
    }

    [Fact]
    public async Task OpenPairAsync_BothHostsOneMachine_ListsOnceAndReachesEachVmThroughItsOwnHost()
    {
        var hypervisor = new InMemoryHypervisor { Machines = { ["a"] = "m", ["b"] = "m" } };
        var options = ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"]));
        await using var creator = ProviderFactory.Create(options, hypervisor);
        var made = await creator.CreatePairAsync(ProviderFactory.Request());
        await using var other = ProviderFactory.Create(options, hypervisor);
        hypervisor.Log.Clear();

        var pair = await other.OpenPairAsync(made.Id);
        var onClient = await pair.Client.Shell.RunAsync(new Core.Remoting.RemoteCommand { Text = "hostname" });
        var onPeer = await pair.Peer.Shell.RunAsync(new Core.Remoting.RemoteCommand { Text = "hostname" });

        Assert.Single(hypervisor.Log, l => l.Contains(":list:", StringComparison.Ordinal));
        Assert.Equal(($"a/{made.Client.Name}", $"b/{made.Peer.Name}"), (onClient.StandardError, onPeer.StandardError));
    }

    [Fact]
    public async Task DeletePairAsync_TwoVms_DeletesBothAtOnce()
    {
        var hypervisor = new InMemoryHypervisor();
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);
        var pair = await provider.CreatePairAsync(ProviderFactory.Request());
        hypervisor.DeleteGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var deleting = provider.DeletePairAsync(pair.Id);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var waiting = new[] { await hypervisor.DeletesWaiting.Reader.ReadAsync(bound.Token), await hypervisor.DeletesWaiting.Reader.ReadAsync(bound.Token) };
        Assert.False(deleting.IsCompleted);
        hypervisor.DeleteGate.SetResult();
        await deleting;

        Assert.Equal(new[] { pair.Client.Name, pair.Peer.Name }.Order(), waiting.Order());
        Assert.Empty(hypervisor.Vms);
    }

    [Fact]
    public async Task CreatePairAsync_PowerShellOnBothHostsOfOneMachine_LooksForItOnce()
    {
        var hypervisor = new InMemoryHypervisor { Machines = { ["a"] = "m", ["b"] = "m" } };
        await using var provider = ProviderFactory.Create(ProviderFactory.Options(("a", "tor1", ["ubuntu-24.04"]), ("b", "tor1", ["ubuntu-24.04"])), hypervisor);

        await provider.CreatePairAsync(ProviderFactory.Request() with { RequirePowerShell = true });

        Assert.Single(hypervisor.Log, l => l.Contains(":pwsh:", StringComparison.Ordinal));
    }
}
