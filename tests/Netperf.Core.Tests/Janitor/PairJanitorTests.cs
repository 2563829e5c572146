using Microsoft.Extensions.Options;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Testing.Pairs;
using Microsoft.Extensions.Time.Testing;

namespace Netperf.Core.Tests.Janitor;

public sealed class PairJanitorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly InMemoryVmPairProvider _provider = new("memory");

    private void Add(string id, string? owner = "ci", string? run = "run-1-1", TimeSpan? expiresIn = null, bool withPairTag = true)
    {
        var tags = new Dictionary<string, string>();
        if (owner is not null) { tags[OwnershipTags.Owner] = owner; }
        if (run is not null) { tags[OwnershipTags.Run] = run; }
        if (withPairTag) { tags[OwnershipTags.Pair] = id; }
        if (expiresIn is { } e) { tags[OwnershipTags.Expires] = OwnershipTags.FormatExpiry(Now + e); }
        _provider.AddExistingResource(id + "-client", tags);
        _provider.AddExistingResource(id + "-peer", tags);
    }

    private PairJanitor Janitor(JanitorOptions? options = null, params IRunLivenessCheck[] checks) =>
        new(new VmPairProviderCatalog([_provider]), checks, Options.Create(options ?? new JanitorOptions()), _time);

    [Fact]
    public async Task SweepAsync_ExpiredPair_IsDeleted()
    {
        Add("old", expiresIn: TimeSpan.FromMinutes(-1));
        Add("young", expiresIn: TimeSpan.FromHours(1));

        var report = await Janitor().SweepAsync();

        Assert.Equal(["memory/old"], report.Deleted);
        Assert.Equal(["young"], _provider.ExistingPairIds);
        Assert.True(report.Succeeded);
    }

    [Theory]
    [InlineData(null, "run-1-1", true)]
    [InlineData("ci", null, true)]
    [InlineData("ci", "run-1-1", false)]
    public async Task SweepAsync_ResourceLackingAnOwnershipTag_IsNeverTouchedEvenWhenExpiredAndItsRunEnded(string? owner, string? run, bool withPairTag)
    {
        Add("foreign", owner, run, TimeSpan.FromDays(-3), withPairTag);
        _provider.AddExistingResource("no-expiry", new Dictionary<string, string> { [OwnershipTags.Owner] = "ci", [OwnershipTags.Run] = "run-9-1", [OwnershipTags.Pair] = "no-expiry" });

        var report = await Janitor(null, new FixedLiveness(RunLiveness.Ended)).SweepAsync();

        Assert.Empty(report.Deleted);
        Assert.All(report.Plan.Decisions, d => Assert.Equal(JanitorReason.NotOurs, d.Reason));
        Assert.Equal(3, _provider.Resources.Count);
    }

    [Fact]
    public async Task SweepAsync_LiveRunUnexpired_IsKeptEvenWhenAnotherCheckSaysEnded()
    {
        Add("live", run: "run-7-1", expiresIn: TimeSpan.FromHours(1));

        var report = await Janitor(null, new FixedLiveness(RunLiveness.Ended), new FixedLiveness(RunLiveness.Alive)).SweepAsync();

        var decision = Assert.Single(report.Plan.Decisions);
        Assert.Equal(JanitorAction.Keep, decision.Action);
        Assert.Equal(JanitorReason.RunAlive, decision.Reason);
        Assert.Equal(["live"], _provider.ExistingPairIds);
    }

    [Fact]
    public async Task SweepAsync_EndedRun_DeletesItsUnexpiredPairsAndAsksOncePerRun()
    {
        Add("orphan-a", run: "run-8-1", expiresIn: TimeSpan.FromHours(1));
        Add("orphan-b", run: "run-8-1", expiresIn: TimeSpan.FromHours(1));
        var check = new FixedLiveness(RunLiveness.Ended);

        var report = await Janitor(null, check).SweepAsync();

        Assert.Equal(2, report.Deleted.Count);
        Assert.All(report.Plan.Decisions, d => Assert.Equal(JanitorReason.RunEnded, d.Reason));
        Assert.Empty(_provider.Resources);
        Assert.Equal(1, check.Calls);
    }

    [Fact]
    public async Task SweepAsync_UnknownLivenessOrFailingCheck_KeepsUnexpiredPairs()
    {
        Add("maybe", expiresIn: TimeSpan.FromMinutes(5));

        var report = await Janitor(null, new FixedLiveness(RunLiveness.Unknown), new ThrowingLiveness()).SweepAsync();

        Assert.Equal(JanitorReason.NotExpired, Assert.Single(report.Plan.Decisions).Reason);
        Assert.Empty(report.Deleted);
    }

    [Fact]
    public async Task SweepAsync_DryRun_DeletesNothingAndReturnsThePlan()
    {
        Add("old", expiresIn: TimeSpan.FromMinutes(-1));
        Add("orphan", run: "run-8-1", expiresIn: TimeSpan.FromHours(1));
        Add("young", run: "run-live", expiresIn: TimeSpan.FromHours(1));

        var report = await Janitor(null, new MapLiveness(new() { ["run-8-1"] = RunLiveness.Ended, ["run-live"] = RunLiveness.Alive })).SweepAsync(dryRun: true);

        Assert.True(report.DryRun);
        Assert.Empty(report.Deleted);
        Assert.Equal(["old", "orphan"], report.Plan.ToDelete.Select(d => d.Record.Id).Order());
        Assert.Equal(6, _provider.Resources.Count);
    }

    [Fact]
    public async Task SweepAsync_OwnerFilter_KeepsOtherOwnersExpiredPairs()
    {
        Add("mine", owner: "ci", expiresIn: TimeSpan.FromMinutes(-1));
        Add("theirs", owner: "alice", expiresIn: TimeSpan.FromMinutes(-1));

        var report = await Janitor(new JanitorOptions { Owner = "ci" }).SweepAsync();

        Assert.Equal(["memory/mine"], report.Deleted);
        Assert.Equal(["theirs"], _provider.ExistingPairIds);
    }

    [Fact]
    public async Task SweepAsync_DeleteFails_ReportsItAndContinues()
    {
        Add("a", expiresIn: TimeSpan.FromMinutes(-1));
        Add("b", expiresIn: TimeSpan.FromMinutes(-1));
        _provider.DeleteFault = id => id == "a" ? new InvalidOperationException("locked") : null;

        var report = await Janitor().SweepAsync();

        Assert.Equal(["memory/b"], report.Deleted);
        Assert.Equal("locked", report.Failed["memory/a"]);
        Assert.False(report.Succeeded);
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheSetting()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Janitor(new JanitorOptions { MaxParallelDeletes = 0 }));
        Assert.StartsWith("Netperf:Janitor:MaxParallelDeletes is 0", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }

    private sealed class FixedLiveness(RunLiveness answer) : IRunLivenessCheck
    {
        public int Calls { get; private set; }

        public Task<RunLiveness> CheckAsync(string runId, CancellationToken cancellationToken = default)
        {
            Calls++;
            return Task.FromResult(answer);
        }
    }

    private sealed class MapLiveness(Dictionary<string, RunLiveness> runs) : IRunLivenessCheck
    {
        public Task<RunLiveness> CheckAsync(string runId, CancellationToken cancellationToken = default) =>
            Task.FromResult(runs.GetValueOrDefault(runId, RunLiveness.Unknown));
    }

    private sealed class ThrowingLiveness : IRunLivenessCheck
    {
        public Task<RunLiveness> CheckAsync(string runId, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("GitHub unreachable");
    }
}
