using Azure.Core.Pipeline;
using Azure.ResourceManager;
using Microsoft.Extensions.DependencyInjection;
using Netperf.Azure.Tests.Support;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Pairs;

/// <summary>The provider against what real ARM does over time and under failure (the fake's behaviours and faults).</summary>
public sealed class AzureVmPairProviderRealismTests
{
    [Fact]
    public async Task CreatePairAsync_ComputeThrottlingThatFitsTheTimeout_WaitsOnTheClockAndSucceeds()
    {
        await using var host = await AzureTestHost.StartAsync();
        var throttle = host.Fake.Faults.Throttle(ArmThrottle.Compute(ArmOperationKind.CreateVirtualMachine, times: 1, retryAfter: TimeSpan.FromMinutes(10)));
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var started = host.Clock.GetTimestamp();

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request(), hang.Token);

        Assert.Equal(1, throttle.Throttled);
        Assert.True(host.Clock.GetElapsedTime(started) >= TimeSpan.FromMinutes(10));
        Assert.Contains(host.Logs.Lines, l => l.Contains("throttled, retrying after 600 s", StringComparison.Ordinal));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_ComputeThrottlingLongerThanTheTimeout_FailsAsThrottledNotAsQuota()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.OperationTimeout = TimeSpan.FromMinutes(10));
        host.Fake.Faults.Throttle(ArmThrottle.Compute(ArmOperationKind.CreateVirtualMachine, times: 10));
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request(), hang.Token));

        Assert.Equal("TooManyRequests", error.ErrorCode);
        Assert.StartsWith("vm-", error.Step, StringComparison.Ordinal);
        Assert.Contains("throttled", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("1200 s", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("quota", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_ThrottledOperationPolls_AreWaitedOutNotTakenAsFailure()
    {
        await using var host = await AzureTestHost.StartAsync();
        var throttle = host.Fake.Faults.Throttle(ArmThrottle.ResourceManager(ArmOperationKind.PollOperation, times: 3, retryAfter: TimeSpan.FromSeconds(45)));
        using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request(), hang.Token);

        Assert.Equal(3, throttle.Throttled);
        Assert.Equal(3, host.Fake.Requests.Count(r => r.Kind == ArmOperationKind.PollOperation && r.Status == 429));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Theory]
    [InlineData(ArmOperationKind.CreateVirtualMachine)]
    [InlineData(ArmOperationKind.PollOperation)]
    [InlineData(ArmOperationKind.CreateNetworkResource)]
    public async Task CreatePairAsync_TransientServerErrors_AreRetried(ArmOperationKind kind)
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.Faults.Reject(kind, ArmError.ServiceUnavailable, times: 2);
        host.Fake.Faults.Reject(kind, ArmError.InternalServerError, times: 1);

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        Assert.Equal(3, host.Fake.Requests.Count(r => r.Kind == kind && r.Status >= 500));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_UserSuppliedClientOptionsWithoutRetries_StillGetNetperfsRetryPolicy()
    {
        await using var fake = await FakeArmServer.StartAsync(new FakeArmServerOptions { TimeProvider = new Netperf.Testing.Time.FakeClock() });
        var options = AzureTestHost.ClientOptions(fake);
        options.Retry.MaxRetries = 0;
        await using var host = await AzureTestHost.StartAsync(o => o.ClientOptions = options, fake);
        var throttle = host.Fake.Faults.Throttle(new ArmThrottle { Kind = ArmOperationKind.CreateNetworkResource, Times = 2, RetryAfter = TimeSpan.FromSeconds(5), InMilliseconds = false });

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        Assert.Equal(2, throttle.Throttled);
        Assert.IsNotType<RetryPolicy>(options.RetryPolicy);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task CreatePairAsync_PollsCarryRetryAfter_PollsNoFasterThanAsked()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.PollDelay = TimeSpan.FromSeconds(1));
        host.Fake.Behaviours.PollRetryAfter = TimeSpan.FromSeconds(30);
        host.Fake.Faults.SetLatency(ArmOperationKind.CreateVirtualMachine, TimeSpan.FromMinutes(3));

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        // Two VMs for 3 minutes, polled every 30 s as asked (not every second): about 7 polls each.
        var vmPolls = host.Fake.Requests.Count(r => r.Kind == ArmOperationKind.PollOperation);
        Assert.InRange(vmPolls, 1, 40);
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task CreatePairAsync_GuestAgentReadyAfterTheVm_WaitsUntilItIs()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.Behaviours.AgentReadyDelay = TimeSpan.FromMinutes(2);

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var report = await host.Bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.True(report.IsReady, string.Join("; ", report.Steps.Select(s => $"{s.Name}:{s.Outcome}:{s.Detail}")));
        Assert.True(host.Fake.Requests.Count(r => r.PathAndQuery.Contains("/instanceView", StringComparison.OrdinalIgnoreCase)) > 2, "the agent was Not Ready at first and must have been polled again");
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task ListAndDelete_TagsAddedByPolicy_StillRecognisedAsOurs()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.SharedResourceGroup = "shared-rg");
        host.Fake.State.SeedResourceGroup("shared-rg");
        host.Fake.Behaviours.PolicyTags["CostCenter"] = "1234";
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "pol1"));

        Assert.All(host.Fake.State.NonGroupResources.Where(r => r.Type != ArmTypes.Disk && r.Type != ArmTypes.RunCommand), r => Assert.Equal("1234", r.Tags["CostCenter"]));
        var record = Assert.Single(await host.Provider.ListPairsAsync());
        Assert.Equal("pol1", record.Id);
        await host.Provider.DeletePairAsync(pair.Id);

        Assert.Equal("shared-rg", Assert.Single(host.Fake.State.Snapshot()).Name);
    }

    [Fact]
    public async Task CreatePairAsync_FailedVmInASharedGroup_WaitsOutTheNicReservationAndLeavesNothing()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.SharedResourceGroup = "shared-rg");
        host.Fake.State.SeedResourceGroup("shared-rg");
        Assert.Equal(TimeSpan.FromSeconds(180), host.Fake.Behaviours.NicReservationWindow);
        host.Fake.Faults.FailVmCreation(ArmError.AllocationFailed);
        var started = host.Clock.GetTimestamp();

        await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "nic1")));

        Assert.Equal("shared-rg", Assert.Single(host.Fake.State.Snapshot()).Name);
        Assert.Contains(host.Fake.Requests, r => r.Status == 400 && r.Kind == ArmOperationKind.DeleteNetworkResource);
        Assert.Contains(host.Logs.Lines, l => l.Contains("[7117]", StringComparison.Ordinal) && l.Contains("NicReservedForAnotherVm", StringComparison.Ordinal));
        Assert.True(host.Clock.GetElapsedTime(started) >= TimeSpan.FromSeconds(180));
    }

    [Fact]
    public async Task BootstrapAsync_RealisticRunCommandLatencies_BothMachinesAtOnceAndNoDeletes()
    {
        await using var host = await AzureTestHost.StartAsync();
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());
        var started = host.Clock.GetTimestamp();
        // The clock stands still until both machines have sent their first Run Command: the pump moves fake time when
        // the process looks idle for 2 real ms, and on a loaded machine the second of two tasks started at once can wait
        // that long to be scheduled, so it would find the first one's minutes gone. Code that sent the second command
        // only after the first finished never releases it; a real-time bound then lets the clock go and the time fails.
        var firstCommands = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var hold = host.Pump!.Hold();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10), TimeProvider.System);
        using var release = bound.Token.Register(hold.Dispose);
        host.Fake.OnRequest = (method, path, kind) =>
        {
            if (method == "PUT" && kind == ArmOperationKind.RunCommand && VmOf(path) is { } vm)
            {
                lock (firstCommands)
                {
                    if (firstCommands.Add(vm) && firstCommands.Count == 2)
                    {
                        hold.Dispose();
                    }
                }
            }
        };

        var report = await host.Bootstrapper.BootstrapAsync(pair, new BootstrapRequirements { Tools = ["iperf3"] });
        host.Fake.OnRequest = null;

        // Each machine's first Run Command takes 5 min 41 s; run one after the other, with a 3.5-minute delete after
        // each of the 7 commands, the bootstrap took over half an hour. Both machines at once: under 10 minutes.
        var elapsed = host.Clock.GetElapsedTime(started);
        Assert.True(report.IsReady, string.Join("; ", report.Steps.Select(s => $"{s.Name}:{s.Outcome}:{s.Detail}")));
        Assert.True(elapsed < TimeSpan.FromMinutes(10), $"bootstrap took {elapsed} of fake time");
        Assert.DoesNotContain(host.Fake.Requests, r => r.Kind == ArmOperationKind.DeleteRunCommand);
        Assert.Equal(["client-key", "peer-setup", "peer-admit", "peer-alias", "tools-client", "tools-peer", "prove-ready"], report.Steps.Select(s => s.Name));
        await host.Provider.DeletePairAsync(pair.Id);
    }

    [Fact]
    public async Task CreatePairAsync_Default_GivesThePrivateSubnetANatGatewayTaggedAndDeletedWithThePair()
    {
        await using var host = await AzureTestHost.StartAsync();

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request());

        var nat = Assert.Single(host.Fake.State.Snapshot(), r => r.Type == ArmTypes.NatGateway);
        var natIp = Assert.Single(host.Fake.State.Snapshot(), r => r.Type == ArmTypes.PublicIpAddress);
        Assert.Equal(natIp.Id, nat.Properties["publicIpAddresses"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("Standard", nat.Sku!["name"]!.GetValue<string>());
        Assert.True(OwnershipTags.IsOurs(nat.Tags));
        Assert.True(OwnershipTags.IsOurs(natIp.Tags));
        var subnet = host.Fake.State.Snapshot().Single(r => r.Type == ArmTypes.VirtualNetwork).Properties["subnets"]![0]!["properties"]!;
        Assert.False(subnet["defaultOutboundAccess"]!.GetValue<bool>());
        Assert.Equal(nat.Id, subnet["natGateway"]!["id"]!.GetValue<string>());
        Assert.All(host.Guests.Commands, c => Assert.True(c.HasOutboundAccess));
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task BootstrapAsync_WindowsPairOnAPrivateSubnetWithoutNat_FailsAtTheFirstDownloadSayingSo()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.Network.NatGateway = false);
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request("windows-2022"));

        var report = await host.Bootstrapper.BootstrapAsync(pair, BootstrapRequirements.None);

        Assert.False(report.IsReady);
        var failure = report.FirstFailure!;
        Assert.Equal("peer-setup", failure.Name);
        Assert.Contains("no outbound internet access", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("install-powershell", failure.Detail, StringComparison.Ordinal);
        Assert.Contains("Netperf:Azure:Network:NatGateway", failure.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Fake.State.Snapshot(), r => r.Type == ArmTypes.NatGateway);
        await host.Provider.DeletePairAsync(pair.Id);
        Assert.True(host.Fake.IsEmpty, host.Fake.DescribeState());
    }

    [Fact]
    public async Task CreatePairAsync_SharedGroupWithNat_DeletesTheNatGatewayAndItsAddressToo()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.SharedResourceGroup = "shared-rg");
        host.Fake.State.SeedResourceGroup("shared-rg");
        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "nat2"));
        Assert.Contains(host.Fake.State.Snapshot(), r => r.Type == ArmTypes.NatGateway);

        await host.Provider.DeletePairAsync(pair.Id);

        Assert.Equal("shared-rg", Assert.Single(host.Fake.State.Snapshot()).Name);
    }

    [Fact]
    public void ClientOptions_UserSuppliedRetryPolicy_IsKept()
    {
        var options = new ArmClientOptions { RetryPolicy = new RetryPolicy(maxRetries: 1) };
        var services = new ServiceCollection().AddLogging();
        Netperf.Azure.Hosting.AzureNetperfBuilderExtensions.AddAzureVmPairs(Netperf.Core.Hosting.NetperfServiceCollectionExtensions.AddNetperf(services), o =>
        {
            o.SubscriptionId = "00000000-0000-0000-0000-0000000000aa";
            o.Location = "eastus";
            o.ClientOptions = options;
            o.TokenCredential = new FakeTokenCredential();
        });
        using var provider = services.BuildServiceProvider();

        _ = provider.GetRequiredService<Netperf.Azure.Pairs.AzureVmPairProvider>();

        Assert.IsType<RetryPolicy>(options.RetryPolicy);
    }

    /// <summary>The VM a Run Command request is for (<c>.../virtualMachines/{vm}/runCommands/...</c>).</summary>
    private static string? VmOf(string path)
    {
        const string Marker = "/virtualMachines/";
        var start = path.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return null;
        }

        start += Marker.Length;
        var end = path.IndexOf('/', start);
        return end > start ? path[start..end] : null;
    }
}
