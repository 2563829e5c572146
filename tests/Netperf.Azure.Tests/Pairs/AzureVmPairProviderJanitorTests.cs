using Netperf.Azure.Tests.Support;
using Netperf.Core.Pairs;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests.Pairs;

public sealed class AzureVmPairProviderJanitorTests
{
    [Fact]
    public async Task ListAndDelete_JanitorStyle_TouchesOnlyExpiredTaggedGroups()
    {
        await using var host = await AzureTestHost.StartAsync();
        var expired = await host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "old1", ttl: TimeSpan.FromMinutes(1)));
        var live = await host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "new1", ttl: TimeSpan.FromHours(2)));
        host.Fake.State.SeedResourceGroup("netperf-stranger");
        host.Fake.State.SeedResourceGroup("someone-else", tags: new Dictionary<string, string> { ["netperf-expires"] = "2000-01-01T00:00:00.0000000+00:00" });

        var records = await host.Provider.ListPairsAsync();
        var now = host.Clock.GetUtcNow() + TimeSpan.FromMinutes(30);
        foreach (var record in records.Where(r => OwnershipTags.TryGetExpiry(r.Tags) < now))
        {
            await host.Provider.DeletePairAsync(record.Id);
        }

        Assert.Equal(["new1", "old1"], records.Select(r => r.Id).Order());
        Assert.All(records, r => Assert.NotNull(r.CreatedAt));
        var groups = host.Fake.State.ResourceGroups.Select(g => g.Name).Order().ToList();
        Assert.Equal(["netperf-new1", "netperf-stranger", "someone-else"], groups);
        await host.Provider.DeletePairAsync(live.Id);
        Assert.Equal(["netperf-stranger", "someone-else"], host.Fake.State.Snapshot().Select(g => g.Name).Order());
        _ = expired;
    }

    [Fact]
    public async Task ExtendExpiryAsync_PairsResourceGroup_StoresOnlyALaterExpiryAndNeverTouchesAForeignGroup()
    {
        await using var host = await AzureTestHost.StartAsync();
        var first = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        host.Fake.State.SeedResourceGroup("netperf-p1", tags: new Dictionary<string, string>
        {
            [OwnershipTags.Owner] = "ci", [OwnershipTags.Run] = "run-1-1", [OwnershipTags.Pair] = "p1", [OwnershipTags.Expires] = OwnershipTags.FormatExpiry(first),
        });
        host.Fake.State.SeedResourceGroup("netperf-victim");

        Assert.True(await host.Provider.ExtendExpiryAsync("p1", first + TimeSpan.FromHours(3)));
        Assert.True(await host.Provider.ExtendExpiryAsync("p1", first));
        var record = Assert.Single(await host.Provider.ListPairsAsync());

        Assert.Equal(first + TimeSpan.FromHours(3), OwnershipTags.TryGetExpiry(record.Tags));
        Assert.Equal("ci", record.Tags[OwnershipTags.Owner]);
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Provider.ExtendExpiryAsync("victim", first));
        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Provider.ExtendExpiryAsync("never-made", first));
    }

    [Fact]
    public async Task DeletePairAsync_UntaggedGroupWithPairName_IsNotTouched()
    {
        await using var host = await AzureTestHost.StartAsync();
        host.Fake.State.SeedResourceGroup("netperf-victim");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Provider.DeletePairAsync("victim"));

        Assert.Contains("netperf-victim", error.Message, StringComparison.Ordinal);
        Assert.NotNull(host.Fake.State.Find(host.Fake.State.ResourceGroups[0].Id));
        Assert.DoesNotContain(host.Fake.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task DeletePairAsync_MissingPair_Succeeds()
    {
        await using var host = await AzureTestHost.StartAsync();

        await host.Provider.DeletePairAsync("never-made");

        Assert.True(host.Fake.IsEmpty);
    }

    [Fact]
    public async Task SharedResourceGroup_CreateListDelete_RemovesOnlyThePairsResources()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.SharedResourceGroup = "shared-rg");
        host.Fake.State.SeedResourceGroup("shared-rg");

        var pair = await host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "sh1"));
        var records = await host.Provider.ListPairsAsync();
        await host.Provider.DeletePairAsync(pair.Id);

        Assert.Equal("sh1", Assert.Single(records).Id);
        var left = host.Fake.State.Snapshot();
        Assert.Equal("shared-rg", Assert.Single(left).Name);
    }

    [Fact]
    public async Task CreatePairAsync_SharedGroupFailure_DeletesOnlyThePairsResources()
    {
        await using var host = await AzureTestHost.StartAsync(o => o.SharedResourceGroup = "shared-rg");
        host.Fake.State.SeedResourceGroup("shared-rg");
        host.Fake.Faults.FailVmCreation(ArmError.AllocationFailed);

        await Assert.ThrowsAsync<PairProvisioningException>(() => host.Provider.CreatePairAsync(AzureTestHost.Request(pairId: "sh2")));

        Assert.Equal("shared-rg", Assert.Single(host.Fake.State.Snapshot()).Name);
    }
}
