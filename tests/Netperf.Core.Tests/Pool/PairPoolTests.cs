using Microsoft.Extensions.Options;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Testing.Pairs;
using Microsoft.Extensions.Time.Testing;
using static Netperf.Core.Tests.Pool.PoolFixture;

namespace Netperf.Core.Tests.Pool;

public sealed class PairPoolTests
{
    [Fact]
    public async Task AcquireAsync_NoPair_CreatesBootstrapsAndLeasesAReadyPairOfTheSpec()
    {
        var provider = new InMemoryVmPairProvider();
        var bootstrapper = new FakePairBootstrapper();
        var logs = new CapturingLoggerFactory();
        await using var pool = NewPool(bootstrapper, logs: logs, providers: provider);

        await using var lease = await pool.AcquireAsync(Job("j1", UbuntuServer()));

        Assert.True(lease.Readiness.IsReady);
        Assert.Contains(lease.Pair.Id, bootstrapper.ReadyPairIds);
        Assert.True(lease.Pair.Spec.IsInterchangeableWith(UbuntuServer()));
        Assert.Equal("netperf", lease.Pair.Owner);
        Assert.Equal(pool.RunId, lease.Pair.Tags[OwnershipTags.Run]);
        Assert.Equal(PairState.Leased, Assert.Single(pool.GetPairs()).State);
        var transitions = logs.Lines.Where(l => l.EventId == 1000).Select(l => l.Message).ToList();
        Assert.Equal(4, transitions.Count);
        Assert.Contains("Requested -> Creating", transitions[0], StringComparison.Ordinal);
        Assert.Contains("Creating -> Bootstrapping", transitions[1], StringComparison.Ordinal);
        Assert.Contains("Bootstrapping -> Ready", transitions[2], StringComparison.Ordinal);
        Assert.Contains("Ready -> Leased: job j1", transitions[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_AfterJobs_DeletesEveryPairItCreated()
    {
        var provider = new InMemoryVmPairProvider();
        var pool = NewPool(new FakePairBootstrapper(), providers: provider);
        var leases = new List<PairLease>();
        for (var i = 0; i < 3; i++)
        {
            leases.Add(await pool.AcquireAsync(Job($"j{i}", UbuntuServer())));
        }

        await leases[0].DisposeAsync();
        Assert.Equal(3, provider.ExistingPairIds.Count);

        await pool.DisposeAsync();

        Assert.Empty(provider.Resources);
        Assert.Empty(pool.GetPairs());
        Assert.All(leases, l => Assert.False(l.IsActive));
        Assert.True(leases[1].LeaseLost.IsCancellationRequested);
    }

    [Theory]
    [MemberData(nameof(FaultSeeds))]
    public async Task RunAsync_With30PercentCreateAnd30PercentBootstrapFaults_RunsEveryJobOnAHealthyPairOfItsSpecWithTheDefaults(int seed)
    {
        // 30% of creations and 30% of bootstraps fail at random; the very first of each fails too, so every seed has both.
        var provider = new InMemoryVmPairProvider(seed: 7 + seed)
        {
            CreateFailureRate = 0.3,
            CreateFault = (_, attempt) => attempt == 1 ? new InvalidOperationException("injected: first creation fails") : null,
        };
        var firstBootstrap = 0;
        var bootstrapper = new FakePairBootstrapper(seed: 11 + seed)
        {
            FailureRate = 0.3,
            Fault = _ => Interlocked.Exchange(ref firstBootstrap, 1) == 0 ? "prove-ready" : null,
        };

        // The default settings, failure budgets included: random faults at these rates must not make the pool give up.
        var options = new PairPoolOptions();
        await using var pool = NewPool(bootstrapper, options, providers: provider);
        var specs = new[] { UbuntuServer(), WindowsServer(), UbuntuServer() with { Size = "large" } };
        var jobs = Enumerable.Range(0, 24).Select(i => Job($"job-{i}", specs[i % specs.Length])).ToList();
        var faultRandom = new Random(3 + seed);
        var ranOn = new System.Collections.Concurrent.ConcurrentDictionary<string, VmPair>();

        var outcomes = await pool.RunAsync(jobs, (lease, _) =>
        {
            bool breakIt;
            lock (faultRandom)
            {
                breakIt = faultRandom.NextDouble() < 0.2;
            }

            if (breakIt)
            {
                throw new PairFaultException("injected: peer stopped answering");
            }

            Assert.True(lease.IsActive);
            ranOn[lease.Job.Id] = lease.Pair;
            return Task.CompletedTask;
        });

        Assert.All(outcomes, o => Assert.True(o.Succeeded, $"{o.Job.Id}: {o.Error}"));
        Assert.True(provider.FailedCreateCount > 0, "the test must inject create faults");
        Assert.True(bootstrapper.FailedCount > 0, "the test must inject bootstrap faults");
        Assert.Contains(outcomes, o => o.Attempts.Count > 1);
        foreach (var job in jobs)
        {
            var pair = ranOn[job.Id];
            Assert.True(pair.Spec.IsInterchangeableWith(job.Spec), $"{job.Id} ran on {pair.Spec}, wanted {job.Spec}");
            Assert.Contains(pair.Id, bootstrapper.ReadyPairIds);
        }

        Assert.True(provider.MaxConcurrentPairs <= options.MaxPairs, $"{provider.MaxConcurrentPairs} pairs existed at once; the limit is {options.MaxPairs}");
        await pool.DisposeAsync();
        Assert.Empty(provider.Resources);
    }

    // Several fault sequences, not one lucky one: the defaults must hold for each.
    public static TheoryData<int> FaultSeeds => new(Enumerable.Range(0, 40));

    [Fact]
    public async Task RunAsync_PairBreaksUnderJob_ReassignsToAnotherPairOfTheSameSpecAndDeletesTheBrokenOne()
    {
        var provider = new InMemoryVmPairProvider();
        await using var pool = NewPool(new FakePairBootstrapper(), providers: provider);
        var first = true;
        string? brokenPair = null;

        var outcome = Assert.Single(await pool.RunAsync([Job("j", WindowsServer())], (lease, _) =>
        {
            if (first)
            {
                first = false;
                brokenPair = lease.Pair.Id;
                throw new PairFaultException("peer rebooted");
            }

            return Task.CompletedTask;
        }));

        Assert.True(outcome.Succeeded);
        Assert.Equal(2, outcome.Attempts.Count);
        Assert.Equal(brokenPair, outcome.Attempts[0].PairId);
        Assert.NotEqual(brokenPair, outcome.Attempts[1].PairId);
        await provider.WhenPairGone(brokenPair!);
        Assert.DoesNotContain(brokenPair!, provider.ExistingPairIds);
    }

    [Fact]
    public async Task RunAsync_JobThrowsItsOwnError_FailsWithoutReassignmentAndKeepsThePair()
    {
        var provider = new InMemoryVmPairProvider();
        await using var pool = NewPool(new FakePairBootstrapper(), providers: provider);

        var outcome = Assert.Single(await pool.RunAsync([Job("j", UbuntuServer())], (_, _) => throw new InvalidOperationException("assertion failed")));

        Assert.False(outcome.Succeeded);
        Assert.IsType<InvalidOperationException>(outcome.Error);
        Assert.Single(outcome.Attempts);
        Assert.Equal(PairState.Ready, Assert.Single(pool.GetPairs()).State);
    }

    [Fact]
    public async Task RunAsync_CancelledMidProvisioning_LeavesNoResourcesAfterDispose()
    {
        var provider = new InMemoryVmPairProvider();
        provider.HoldCreations();
        var pool = NewPool(new FakePairBootstrapper(), new PairPoolOptions { MaxParallelProvisioning = 3 }, providers: provider);
        using var cts = new CancellationTokenSource();
        var jobs = Enumerable.Range(0, 5).Select(i => Job($"j{i}", i % 2 == 0 ? UbuntuServer() : WindowsServer()));

        var run = pool.RunAsync(jobs, (_, _) => Task.CompletedTask, cts.Token);
        await provider.WhenCreatesHeld(3); // three pairs half made, two more waiting for a slot
        Assert.Equal(3, provider.Resources.Count);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await pool.DisposeAsync();

        Assert.Empty(provider.Resources);
        Assert.Equal(0, provider.CreatedCount);
        Assert.Empty(pool.GetPairs());
    }

    [Fact]
    public async Task AcquireAsync_EightJobsWithDefaultOptions_ProvisionsAllEightAtOnce()
    {
        var provider = new InMemoryVmPairProvider();
        provider.HoldCreations();
        var pool = NewPool(new FakePairBootstrapper(), providers: provider);

        var leases = Enumerable.Range(0, 8).Select(i => pool.AcquireAsync(Job($"j{i}", UbuntuServer()))).ToList();

        // One wave: all eight creations are under way together (with the old default of 4, the fifth waited for a slot).
        await provider.WhenCreatesHeld(8).WaitAsync(TimeSpan.FromSeconds(30));
        provider.ReleaseCreations();
        foreach (var lease in await Task.WhenAll(leases))
        {
            await lease.DisposeAsync();
        }

        await pool.DisposeAsync();
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public async Task AcquireAsync_EnvironmentLimit_ProvisionsAtMostThatManyOfItAndOtherEnvironmentsFreely()
    {
        var small = new InMemoryVmPairProvider("small");
        var cloud = new InMemoryVmPairProvider("cloud");
        small.HoldCreations();
        cloud.HoldCreations();
        var options = new PairPoolOptions { MaxParallelProvisioningPerEnvironment = { ["SMALL"] = 2 } };
        var pool = NewPool(new FakePairBootstrapper(), options, providers: [small, cloud]);

        var leases = Enumerable.Range(0, 4).Select(i => pool.AcquireAsync(Job($"s{i}", UbuntuServer("small"))))
            .Concat(Enumerable.Range(0, 4).Select(i => pool.AcquireAsync(Job($"c{i}", UbuntuServer("cloud"))))).ToList();
        await small.WhenCreatesHeld(2);
        await cloud.WhenCreatesHeld(4).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, small.Resources.Count);
        Assert.Equal(8, pool.GetPairs().Count);
        small.ReleaseCreations();
        cloud.ReleaseCreations();
        foreach (var lease in await Task.WhenAll(leases))
        {
            await lease.DisposeAsync();
        }

        await pool.DisposeAsync();
        Assert.Equal(4, small.CreatedCount);
    }

    [Fact]
    public void Constructor_EnvironmentLimitOutOfRange_NamesTheEnvironmentsSetting()
    {
        var options = new PairPoolOptions { MaxParallelProvisioningPerEnvironment = { ["local"] = 0 } };

        var ex = Assert.Throws<OptionsValidationException>(() => NewPool(new FakePairBootstrapper(), options, providers: new InMemoryVmPairProvider()));

        Assert.Contains(ex.Failures, f => f.StartsWith("Netperf:Pool:MaxParallelProvisioningPerEnvironment:local is 0; set it to a whole number from 1 to 256.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisposeAsync_WhileCreating_CancelsCreationAndLeavesNothing()
    {
        var provider = new InMemoryVmPairProvider();
        provider.HoldCreations();
        var pool = NewPool(new FakePairBootstrapper(), providers: provider);

        var acquire = pool.AcquireAsync(Job("j", UbuntuServer()));
        await provider.WhenCreatesHeld(1);
        await pool.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => acquire);
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public async Task Lease_NotRenewed_ExpiresAndThePairIsReclaimed()
    {
        var time = new FakeTimeProvider();
        var provider = new InMemoryVmPairProvider(timeProvider: time);
        await using var pool = NewPool(new FakePairBootstrapper(time), new PairPoolOptions { LeaseTimeToLive = TimeSpan.FromMinutes(2) }, time, providers: provider);
        var lease = await pool.AcquireAsync(Job("j", UbuntuServer()));

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(lease.IsActive);
        time.Advance(TimeSpan.FromMinutes(1.01));

        Assert.False(lease.IsActive);
        Assert.True(lease.LeaseLost.IsCancellationRequested);
        await provider.WhenPairGone(lease.Pair.Id);
        Assert.Throws<InvalidOperationException>(() => lease.Renew());
        Assert.DoesNotContain(pool.GetPairs(), p => p.State is PairState.Ready or PairState.Leased);
    }

    [Fact]
    public async Task Lease_RenewedByHeartbeat_OutlivesItsTimeToLive()
    {
        var time = new FakeTimeProvider();
        var provider = new InMemoryVmPairProvider(timeProvider: time);
        await using var pool = NewPool(new FakePairBootstrapper(time), new PairPoolOptions { LeaseTimeToLive = TimeSpan.FromMinutes(2) }, time, providers: provider);
        var lease = await pool.AcquireAsync(Job("j", UbuntuServer()));

        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromMinutes(1.5));
            Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(2), lease.Renew());
        }

        Assert.True(lease.IsActive);
        Assert.Equal(PairState.Leased, Assert.Single(pool.GetPairs()).State);
    }

    [Fact]
    public async Task RunAsync_LongJob_IsKeptAliveByTheAutomaticHeartbeat()
    {
        var time = new FakeTimeProvider();
        var provider = new InMemoryVmPairProvider(timeProvider: time);
        await using var pool = NewPool(new FakePairBootstrapper(time), new PairPoolOptions { LeaseTimeToLive = TimeSpan.FromMinutes(3) }, time, providers: provider);

        var outcome = Assert.Single(await pool.RunAsync([Job("j", UbuntuServer())], (lease, token) =>
        {
            for (var i = 0; i < 10; i++)
            {
                time.Advance(TimeSpan.FromMinutes(1));
            }

            Assert.False(token.IsCancellationRequested);
            Assert.True(lease.IsActive);
            return Task.CompletedTask;
        }));

        Assert.True(outcome.Succeeded);
        Assert.Single(outcome.Attempts);
    }

    [Fact]
    public async Task AcquireAsync_TwoPairsWithRoom_PicksTheLeastLoaded()
    {
        var provider = new InMemoryVmPairProvider();
        await using var pool = NewPool(new FakePairBootstrapper(), new PairPoolOptions { MaxPairs = 2, MaxPairsPerEnvironment = 2, MaxLeasesPerPair = 2 }, providers: provider);
        var j1 = await pool.AcquireAsync(Job("j1", UbuntuServer()));
        var j2 = await pool.AcquireAsync(Job("j2", UbuntuServer()));
        var j3 = await pool.AcquireAsync(Job("j3", UbuntuServer()));
        Assert.Equal(j1.Pair.Id, j2.Pair.Id);
        Assert.NotEqual(j1.Pair.Id, j3.Pair.Id);

        await j1.DisposeAsync();
        await j2.DisposeAsync();
        var j4 = await pool.AcquireAsync(Job("j4", UbuntuServer()));
        var j5 = await pool.AcquireAsync(Job("j5", UbuntuServer()));

        Assert.Equal(j1.Pair.Id, j4.Pair.Id); // 0 leases against 1
        Assert.Equal(j3.Pair.Id, j5.Pair.Id); // 1 against 1: fewer served wins
        Assert.Equal(2, provider.CreatedCount);
    }

    [Fact]
    public async Task AcquireAsync_AtCapacityWithIdlePairOfAnotherSpec_EvictsItAndCreatesTheWantedSpec()
    {
        var provider = new InMemoryVmPairProvider();
        await using var pool = NewPool(new FakePairBootstrapper(), new PairPoolOptions { MaxPairs = 1, MaxPairsPerEnvironment = 1 }, providers: provider);
        var ubuntu = await pool.AcquireAsync(Job("u", UbuntuServer()));
        await ubuntu.DisposeAsync();

        await using var windows = await pool.AcquireAsync(Job("w", WindowsServer()));

        Assert.Equal("windows-2022", windows.Pair.Spec.Image);
        Assert.Equal([windows.Pair.Id], provider.ExistingPairIds);
        Assert.Equal(1, provider.MaxConcurrentPairs);
    }

    [Fact]
    public async Task AcquireAsync_ParallelismAndLimits_AreNeverExceeded()
    {
        var provider = new InMemoryVmPairProvider { CreationDelay = TimeSpan.FromMilliseconds(5) };
        var options = new PairPoolOptions { MaxPairs = 4, MaxPairsPerEnvironment = 3, MaxParallelProvisioning = 2 };
        var other = new InMemoryVmPairProvider("other") { CreationDelay = TimeSpan.FromMilliseconds(5) };
        await using var pool = NewPool(new FakePairBootstrapper(), options, providers: [provider, other]);
        var jobs = Enumerable.Range(0, 12).Select(i => Job($"j{i}", i % 3 == 0 ? UbuntuServer("other") : UbuntuServer())).ToList();

        var outcomes = await pool.RunAsync(jobs, (_, _) => Task.CompletedTask);

        Assert.All(outcomes, o => Assert.True(o.Succeeded));
        Assert.True(provider.MaxConcurrentCreates + other.MaxConcurrentCreates <= 4);
        Assert.True(Math.Max(provider.MaxConcurrentCreates, other.MaxConcurrentCreates) <= 2);
        Assert.True(provider.MaxConcurrentPairs <= 3, $"memory had {provider.MaxConcurrentPairs} pairs at once");
    }

    [Fact]
    public async Task AcquireAsync_SpecKeepsFailing_GivesUpAfterTheLimitAndLeavesNothing()
    {
        var provider = new InMemoryVmPairProvider { CreateFailureRate = 1 };
        await using var pool = NewPool(new FakePairBootstrapper(), new PairPoolOptions { MaxConsecutiveProvisioningFailures = 3 }, providers: provider);

        var ex = await Assert.ThrowsAsync<PairProvisioningException>(() => pool.AcquireAsync(Job("j", UbuntuServer())));

        Assert.Contains("3 attempts in a row to provision ubuntu-24.04/memory/x64 failed", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Netperf:Pool:MaxConsecutiveProvisioningFailures", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, provider.Requests.Count);
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public async Task AcquireAsync_ErrorThatARetryCannotFix_GivesUpAfterTheSecondInARowWithTheDefaults()
    {
        var provider = new InMemoryVmPairProvider
        {
            CreateFault = (_, _) => new PairProvisioningException("virtual-machines", "ARM error SkuNotAvailable: the size is not offered here.") { ErrorCode = "SkuNotAvailable" },
        };
        await using var pool = NewPool(new FakePairBootstrapper(), new PairPoolOptions { MaxParallelProvisioning = 1 }, providers: provider);

        var ex = await Assert.ThrowsAsync<PairProvisioningException>(() => pool.AcquireAsync(Job("j", UbuntuServer())));

        Assert.Contains("2 attempts in a row", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, provider.Requests.Count);
        Assert.Empty(provider.Resources);
    }

    [Fact]
    public async Task AcquireAsync_UnknownEnvironment_SaysWhichAreRegistered()
    {
        await using var pool = NewPool(new FakePairBootstrapper(), providers: new InMemoryVmPairProvider());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => pool.AcquireAsync(Job("j", UbuntuServer("azure"))));

        Assert.Contains("No pair provider serves the environment 'azure'. Registered: memory.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ThrowsAndThePairBeingMadeServesTheNextJob()
    {
        var provider = new InMemoryVmPairProvider();
        provider.HoldCreations();
        await using var pool = NewPool(new FakePairBootstrapper(), providers: provider);
        using var cts = new CancellationTokenSource();

        var first = pool.AcquireAsync(Job("j1", UbuntuServer()), cts.Token);
        await provider.WhenCreatesHeld(1);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var second = pool.AcquireAsync(Job("j2", UbuntuServer()));
        provider.ReleaseCreations();

        await using var lease = await second;
        Assert.Single(provider.Requests);
    }

    [Fact]
    public async Task DisposeAsync_DeleteFails_ReportsTheAbandonedPair()
    {
        var provider = new InMemoryVmPairProvider { DeleteFault = id => new InvalidOperationException("API down") };
        var pool = NewPool(new FakePairBootstrapper(), providers: provider);
        var lease = await pool.AcquireAsync(Job("j", UbuntuServer()));

        await pool.DisposeAsync();

        var abandoned = Assert.Single(pool.GetAbandonedPairs());
        Assert.Equal(lease.Pair.Id, abandoned.Id);
        Assert.Equal(PairState.DeleteFailed, abandoned.State);
        Assert.NotNull(OwnershipTags.TryGetExpiry(provider.Resources.Values.First()));
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheSettings()
    {
        var options = new PairPoolOptions { MaxPairs = 0, MaxParallelProvisioning = -1, LeaseTimeToLive = TimeSpan.Zero };

        var ex = Assert.Throws<OptionsValidationException>(() => NewPool(new FakePairBootstrapper(), options, providers: new InMemoryVmPairProvider()));

        Assert.Contains(ex.Failures, f => f.StartsWith("Netperf:Pool:MaxPairs is 0; set it to a whole number from 1", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Netperf:Pool:MaxParallelProvisioning is -1", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.StartsWith("Netperf:Pool:LeaseTimeToLive is 00:00:00", StringComparison.Ordinal));
    }
}
