using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Testing.Pairs;

namespace Netperf.Core.Tests.Pool;

public sealed class PairProvisionerTests
{
    private static PairRequest Request(string? id = null) => new()
    {
        Spec = new MachineSpec { Image = "ubuntu-24.04", Environment = "memory" },
        Owner = "alice",
        RunId = "run-1-1",
        PairId = id,
    };

    private static PairProvisioner Provisioner(IVmPairProvider provider, IPairBootstrapper bootstrapper, TimeProvider? time = null) =>
        new(new VmPairProviderCatalog([provider]), bootstrapper, time);

    [Fact]
    public async Task ProvisionAsync_Healthy_ReturnsProvenReadyPairWithOwnershipTags()
    {
        var provider = new InMemoryVmPairProvider();

        var result = await Provisioner(provider, new FakePairBootstrapper()).ProvisionAsync(Request());

        Assert.True(result.Readiness.IsReady);
        Assert.StartsWith("np-", result.Pair.Id, StringComparison.Ordinal);
        Assert.True(OwnershipTags.IsOurs(result.Pair.Tags));
        Assert.All(provider.Resources.Values, tags => Assert.Equal(result.Pair.Id, tags[OwnershipTags.Pair]));
    }

    [Fact]
    public async Task ProvisionAsync_BootstrapNotReady_DeletesThePairAndNamesTheStep()
    {
        var provider = new InMemoryVmPairProvider();
        var bootstrapper = new FakePairBootstrapper { Fault = _ => "install-key" };

        var ex = await Assert.ThrowsAsync<PairProvisioningException>(() => Provisioner(provider, bootstrapper).ProvisionAsync(Request("p1")));

        Assert.Equal("bootstrap:install-key", ex.Step);
        Assert.Empty(provider.Resources);
        Assert.Equal(1, provider.CreatedCount);
    }

    [Fact]
    public async Task ProvisionAsync_BootstrapperThrows_DeletesThePairAndKeepsTheCause()
    {
        var provider = new InMemoryVmPairProvider();
        var bootstrapper = new FakePairBootstrapper { Fault = _ => "tools", ThrowOnFailure = true };

        var ex = await Assert.ThrowsAsync<PairProvisioningException>(() => Provisioner(provider, bootstrapper).ProvisionAsync(Request()));

        Assert.Equal("bootstrap", ex.Step);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public async Task ProvisionAsync_ProviderLeavesAHalfMadePair_TheProvisionerStillDeletesIt()
    {
        var provider = new InMemoryVmPairProvider { LeaveHalfMadePairsOnFailure = true };
        provider.FailNextCreates(1);

        var ex = await Assert.ThrowsAsync<PairProvisioningException>(() => Provisioner(provider, new FakePairBootstrapper()).ProvisionAsync(Request("p2")));

        Assert.Equal("create", ex.Step);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public async Task ProvisionAsync_CancelledBetweenTheTwoMachines_LeavesNothing()
    {
        var provider = new InMemoryVmPairProvider { LeaveHalfMadePairsOnFailure = true };
        provider.HoldCreations();
        using var cts = new CancellationTokenSource();

        var task = Provisioner(provider, new FakePairBootstrapper()).ProvisionAsync(Request("p3"), cancellationToken: cts.Token);
        await provider.WhenCreatesHeld(1);
        Assert.Single(provider.Resources);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Empty(provider.Resources);
    }
}
