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

    [Fact]
    public async Task ProvisionAsync_ProviderObservesBootstraps_HearsEachReportReadyOrNot()
    {
        var provider = new ObservingProvider();
        var bootstrapper = new FakePairBootstrapper { Fault = pair => pair.Id == "bad" ? "install-key" : null };
        var provisioner = Provisioner(provider, bootstrapper);

        var good = await provisioner.ProvisionAsync(Request("good"));
        await Assert.ThrowsAsync<PairProvisioningException>(() => provisioner.ProvisionAsync(Request("bad")));

        Assert.Equal([("good", true, null), ("bad", false, "install-key")], provider.Reports);
        Assert.Same(good.Readiness, provider.First);
    }

    [Fact]
    public async Task ProvisionAsync_BootstrapperThrows_ObserverHearsAFailedBootstrapStepWithTheCause()
    {
        var provider = new ObservingProvider();
        var bootstrapper = new FakePairBootstrapper { Fault = _ => "tools", ThrowOnFailure = true };

        await Assert.ThrowsAsync<PairProvisioningException>(() => Provisioner(provider, bootstrapper).ProvisionAsync(Request("p1")));

        Assert.Equal([("p1", false, "bootstrap")], provider.Reports);
        Assert.Contains("tools", provider.Last!.FirstFailure!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProvisionAsync_ObserverThrows_ThePairIsStillProvisioned()
    {
        var provider = new ObservingProvider { Throw = true };

        var result = await Provisioner(provider, new FakePairBootstrapper()).ProvisionAsync(Request("p1"));

        Assert.True(result.Readiness.IsReady);
        Assert.Single(provider.Reports);
    }

    private sealed class ObservingProvider : IVmPairProvider, IPairBootstrapObserver
    {
        private readonly InMemoryVmPairProvider _inner = new();

        public List<(string PairId, bool Ready, string? FailedStep)> Reports { get; } = [];

        public ReadinessReport? First { get; private set; }

        public ReadinessReport? Last { get; private set; }

        public bool Throw { get; init; }

        public string Environment => _inner.Environment;

        public Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default) => _inner.CreatePairAsync(request, cancellationToken);

        public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default) => _inner.DeletePairAsync(pairId, cancellationToken);

        public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) => _inner.ListPairsAsync(cancellationToken);

        public void ReportBootstrap(VmPair pair, ReadinessReport report)
        {
            Reports.Add((pair.Id, report.IsReady, report.FirstFailure?.Name));
            First ??= report;
            Last = report;
            if (Throw)
            {
                throw new InvalidOperationException("bookkeeping broke");
            }
        }
    }
}
