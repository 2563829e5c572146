namespace Netperf.Core.Pool;

/// <summary>
/// Options of the <see cref="PairPool"/>, bound from <c>Netperf:Pool</c> and validated at start-up (each failure
/// names the setting and the fix).
/// </summary>
public sealed class PairPoolOptions
{
    /// <summary>The configuration section: <c>Netperf:Pool</c>.</summary>
    public const string SectionName = "Netperf:Pool";

    /// <summary>How many pairs may exist at once across all environments. Default 8.</summary>
    public int MaxPairs { get; set; } = 8;

    /// <summary>How many pairs may exist at once in one environment. Default 8.</summary>
    public int MaxPairsPerEnvironment { get; set; } = 8;

    /// <summary>
    /// How many pairs may be created and bootstrapped at the same time, across all environments; 1 provisions one after
    /// another. Default 8, the default <see cref="MaxPairs"/>: a run of up to 8 pairs is made in one wave, not in two.
    /// </summary>
    /// <remarks>
    /// Why one wave is right for every environment at this size (docs/pairs.md, "How many at once"): a cloud pair
    /// (<c>azure</c>) waits minutes for ARM and costs this machine almost nothing, so its pairs should all wait at once; the
    /// bounds that matter there are the subscription's quotas (cores, public IPs), which <see cref="MaxPairs"/> and the
    /// provider's quota errors enforce, and ARM's write throttling (about 1,200 writes an hour per subscription), far above
    /// the few dozen writes of 8 pairs. A <c>local</c> or <c>lab</c> pair is CPU work on this machine (keys, sshd, ssh
    /// handshakes): 8 at once on 2 cores take their CPU over the cores plus one connection's wait (docs/benchmarks.md: 8 local
    /// pairs with runners in 0.65-0.75 s where their CPU alone is 1.1-1.2 s), so two waves of 4 only add the second wave's waits. Where the environments do
    /// differ is beyond 8: raise this with <see cref="MaxPairs"/> for the cloud, and cap a CPU-bound environment with
    /// <see cref="MaxParallelProvisioningPerEnvironment"/> (about 4 per core keeps the sshd start and readiness timeouts far).
    /// </remarks>
    public int MaxParallelProvisioning { get; set; } = 8;

    /// <summary>
    /// A tighter limit than <see cref="MaxParallelProvisioning"/> for single environments, by environment name
    /// (<c>Netperf:Pool:MaxParallelProvisioningPerEnvironment:local</c> = 4); an environment not named here is bounded by
    /// <see cref="MaxParallelProvisioning"/> alone. Empty by default. Use it for an environment whose pairs are made on a small
    /// machine (<c>local</c>, the single-machine <c>lab</c>) when <see cref="MaxParallelProvisioning"/> is raised for the cloud.
    /// </summary>
    public IDictionary<string, int> MaxParallelProvisioningPerEnvironment { get; set; } = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many jobs may hold a pair at the same time. Default 1 (a pair serves one job at a time, so runs don't disturb each other).</summary>
    public int MaxLeasesPerPair { get; set; } = 1;

    /// <summary>How long a lease lasts without a heartbeat; after that its pair is reclaimed (deleted). Default 5 minutes.</summary>
    public TimeSpan LeaseTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How many pairs a job may try before it fails, when pairs break under it. Default 10: even with three pairs in
    /// ten breaking under their job (the fault rate the pool is tested at), a job fails only about once in 170,000;
    /// at 5 the same faults failed one job in about 400, which a run of many jobs meets.
    /// </summary>
    public int MaxJobAttempts { get; set; } = 10;

    /// <summary>
    /// How many provisioning attempts in a row may fail for one spec before jobs waiting for that spec fail (a
    /// success resets the count). Default 20: with three attempts in ten failing at creation and three in ten at
    /// bootstrap (half of all attempts), twenty failures in a row happen about once in a million, so random faults
    /// never make the pool give up, while a spec that cannot work is given up within a few rounds. A failure whose
    /// error code says that retrying cannot help (<see cref="Netperf.Core.Pairs.PairProvisioningException.ErrorCode"/> such as
    /// <c>UnknownImage</c>, <c>SkuNotAvailable</c>, <c>QuotaExceeded</c>, <c>InvalidParameter</c>,
    /// <c>AuthorizationFailed</c>) gives up after its second time in a row.
    /// </summary>
    public int MaxConsecutiveProvisioningFailures { get; set; } = 20;

    /// <summary>The <c>netperf-expires</c> time to live of pairs the pool creates. Default 2 hours.</summary>
    public TimeSpan PairTimeToLive { get; set; } = TimeSpan.FromHours(2);

    /// <summary>The <c>netperf-owner</c> of pairs the pool creates. Default <c>netperf</c>.</summary>
    public string Owner { get; set; } = "netperf";

    /// <summary>The <c>netperf-run</c> of pairs the pool creates (run id and attempt); <see langword="null"/> (the default) generates one per pool.</summary>
    public string? RunId { get; set; }

    /// <summary>How long one pair deletion may take before the pool gives up on it (the janitor then removes it). Default 10 minutes.</summary>
    public TimeSpan DeleteTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
