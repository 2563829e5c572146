using Netperf.Core.Pairs;
using Netperf.Core.Pool;

namespace Netperf.Tool.Bench;

/// <summary>One measurement: how long N jobs waited until every one held a ready pair.</summary>
internal sealed record PairBenchResult(int Pairs, bool Parallel, double ReadySeconds, double DeleteSeconds);

/// <summary>Time to N ready pairs through a <see cref="PairPool"/>, with provisioning parallelism on (N at once) and off (one at a time).</summary>
internal static class PairBenchmark
{
    public static async Task<IReadOnlyList<PairBenchResult>> RunAsync(
        MachineSpec spec,
        IReadOnlyList<int> counts,
        Func<PairPoolOptions, PairPool> createPool,
        TimeProvider time,
        Action<PairBenchResult> progress,
        CancellationToken cancellationToken)
    {
        // Warm-up (JIT, first connections), not recorded.
        await MeasureAsync(spec, 1, parallel: true, createPool, time, cancellationToken);
        var results = new List<PairBenchResult>();
        foreach (var parallel in new[] { true, false })
        {
            foreach (var n in counts)
            {
                var result = await MeasureAsync(spec, n, parallel, createPool, time, cancellationToken);
                progress(result);
                results.Add(result);
            }
        }

        return results;
    }

    private static async Task<PairBenchResult> MeasureAsync(
        MachineSpec spec, int n, bool parallel, Func<PairPoolOptions, PairPool> createPool, TimeProvider time, CancellationToken cancellationToken)
    {
        var options = new PairPoolOptions
        {
            MaxPairs = n,
            MaxPairsPerEnvironment = n,
            MaxParallelProvisioning = parallel ? n : 1,
            MaxConsecutiveProvisioningFailures = 1,
            Owner = "netperf-bench",
        };
        var pool = createPool(options);
        var started = time.GetTimestamp();
        double ready;
        try
        {
            var leases = await Task.WhenAll(Enumerable.Range(0, n).Select(i =>
                pool.AcquireAsync(new PoolJob { Id = $"bench-{n}-{i}", Spec = spec }, cancellationToken)));
            ready = time.GetElapsedTime(started).TotalSeconds;
            foreach (var lease in leases)
            {
                await lease.DisposeAsync();
            }
        }
        finally
        {
            started = time.GetTimestamp();
            await pool.DisposeAsync();
        }

        return new PairBenchResult(n, parallel, ready, time.GetElapsedTime(started).TotalSeconds);
    }
}
