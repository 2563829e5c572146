using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Testing.Pairs;
using Netperf.Testing.Time;
using static Netperf.Core.Tests.Pool.PoolFixture;

namespace Netperf.Core.Tests.Pool;

/// <summary>
/// Issue 16 item 4: the janitor judges pairs by their persisted <c>netperf-expires</c>, so the pool's heartbeats must move
/// it forward; a run longer than the pair time-to-live keeps its pairs.
/// </summary>
public sealed class PairPoolExpiryTests
{
    private static readonly TimeSpan PairTtl = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task RunAsync_JobSixTimesLongerThanThePairTimeToLive_TheJanitorNeverDeletesItsPair()
    {
        var time = new FakeClock();
        var provider = new InMemoryVmPairProvider(timeProvider: time);
        var janitor = new PairJanitor(new VmPairProviderCatalog([provider]), [], Microsoft.Extensions.Options.Options.Create(new JanitorOptions()), time);
        await using var pool = NewPool(new FakePairBootstrapper(time), PoolOptions(), time, providers: provider);
        var sweeps = new List<JanitorReport>();

        var outcome = Assert.Single(await pool.RunAsync([Job("long", UbuntuServer())], async (lease, token) =>
        {
            // An hour in one-minute steps; the janitor runs every five minutes, as a cron job would.
            for (var minute = 1; minute <= 60; minute++)
            {
                time.Advance(TimeSpan.FromMinutes(1));

                // Each heartbeat that finds less than half the time-to-live left moves the stored expiry to now + TTL.
                await provider.WhenExpiryAtLeast(lease.Pair.Id, time.GetUtcNow() + (PairTtl / 2) - LeaseTtl).WaitAsync(TimeSpan.FromSeconds(10), token);
                if (minute % 5 == 0)
                {
                    sweeps.Add(await janitor.SweepAsync(cancellationToken: token));
                }
            }

            Assert.True(lease.IsActive);
        }));

        Assert.True(outcome.Succeeded, outcome.Error?.ToString());
        Assert.Equal(12, sweeps.Count);
        Assert.All(sweeps, s => Assert.Empty(s.Deleted));
        Assert.All(sweeps, s => Assert.Equal(JanitorReason.NotExpired, Assert.Single(s.Plan.Decisions).Reason));
        Assert.InRange(provider.ExtendedCount, 10, 13);
    }

    [Fact]
    public async Task Renew_ManyTimes_StoresAnExpiryOnlyWhenHalfTheTimeToLiveIsGoneAndNeverMovesItBack()
    {
        var time = new FakeClock();
        var provider = new InMemoryVmPairProvider(timeProvider: time);
        await using var pool = NewPool(new FakePairBootstrapper(time), PoolOptions(), time, providers: provider);
        var lease = await pool.AcquireAsync(Job("j", UbuntuServer()));
        var created = provider.StoredExpiry(lease.Pair.Id)!.Value;

        // Five minutes of heartbeats: at least half of the 10 minutes is left, so nothing is written.
        for (var i = 0; i < 10; i++)
        {
            time.Advance(TimeSpan.FromSeconds(30));
            lease.Renew();
        }

        Assert.Equal(0, provider.ExtendedCount);
        Assert.Equal(created, provider.StoredExpiry(lease.Pair.Id));

        time.Advance(TimeSpan.FromSeconds(30));
        lease.Renew();
        await provider.WhenExpiryAtLeast(lease.Pair.Id, time.GetUtcNow() + PairTtl).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, provider.ExtendedCount);
        Assert.True(await provider.ExtendExpiryAsync(lease.Pair.Id, created));
        Assert.Equal(time.GetUtcNow() + PairTtl, provider.StoredExpiry(lease.Pair.Id));
    }

    [Fact]
    public async Task AcquireAsync_IdlePairPastItsExpiry_IsDeletedAndANewPairLeased()
    {
        var time = new FakeClock();
        var provider = new InMemoryVmPairProvider(timeProvider: time);
        await using var pool = NewPool(new FakePairBootstrapper(time), PoolOptions(), time, providers: provider);
        var first = await pool.AcquireAsync(Job("j1", UbuntuServer()));
        var oldId = first.Pair.Id;
        await first.DisposeAsync();

        // Idle, nobody renews it: past its expiry the janitor may have taken it, so it must not be handed out.
        time.Advance(PairTtl + TimeSpan.FromMinutes(1));
        await using var second = await pool.AcquireAsync(Job("j2", UbuntuServer()));

        Assert.NotEqual(oldId, second.Pair.Id);
        await provider.WhenPairGone(oldId).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain(oldId, provider.ExistingPairIds);
    }

    private static PairPoolOptions PoolOptions() => new() { PairTimeToLive = PairTtl, LeaseTimeToLive = LeaseTtl };
}
