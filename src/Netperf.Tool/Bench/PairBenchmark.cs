using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Runs;

namespace Netperf.Tool.Bench;

/// <summary>
/// One measurement: N jobs provisioned as one run (<see cref="RunPlanner.ProvisionAsync"/>: pairs made and proven ready,
/// and with runners one GitHub runner installed per job on its pair's client) and torn down; with each pair's create,
/// ready (bootstrap) and delete times.
/// </summary>
internal sealed record PairBenchResult(int Pairs, bool Parallel, double ReadySeconds, double DeleteSeconds)
{
    /// <summary>The machine's busy CPU seconds while the pairs were made ready (<see cref="MachineCpu"/>); null off Linux.</summary>
    public double? CpuSeconds { get; init; }

    public IReadOnlyList<double> CreatePerPair { get; init; } = [];

    public IReadOnlyList<double> ReadyPerPair { get; init; } = [];

    public IReadOnlyList<double> DeletePerPair { get; init; } = [];

    public IReadOnlyList<(string Step, double Seconds)> Steps { get; init; } = [];
}

/// <summary>
/// Time to N ready pairs (with runners when asked), with provisioning parallelism on (N at once) and off (one at a time):
/// each measurement is a run of N one-job rows through the <see cref="RunPlanner"/>, as <c>netperf provision</c> makes it.
/// </summary>
internal sealed class PairBenchmark(
    IVmPairProvider provider, IPairBootstrapper bootstrapper, RunnerInstaller? runners, IRunnerRegistry? registry, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>
    /// Measures each count <paramref name="rounds"/> times. Before that, untimed, one warm-up run of the smallest and one
    /// of the largest count (parallelism on): the JIT, the first connections, the thread pool's growth to N at once, and
    /// the fakes it talks to (the fake GitHub, the ARM fake: processes of their own that pay their start-up on their first
    /// requests) are warm before the first measured round. <paramref name="warmUp"/> is told each warm-up run.
    /// </summary>
    public async Task<IReadOnlyList<PairBenchResult>> RunAsync(
        MachineSpec spec, IReadOnlyList<int> counts, int rounds, bool sequentialToo, Action<PairBenchResult> progress, Action<PairBenchResult>? warmUp,
        CancellationToken cancellationToken)
    {
        var plans = Directory.CreateTempSubdirectory("netperf-bench-plans-");
        try
        {
            foreach (var n in new[] { counts.Min(), counts.Max() }.Distinct())
            {
                var warm = await MeasureAsync(spec, n, parallel: true, plans.FullName, cancellationToken);
                warmUp?.Invoke(warm);
            }

            var results = new List<PairBenchResult>();
            foreach (var parallel in sequentialToo ? new[] { true, false } : [true])
            {
                foreach (var n in counts)
                {
                    for (var round = 0; round < rounds; round++)
                    {
                        var result = await MeasureAsync(spec, n, parallel, plans.FullName, cancellationToken);
                        progress(result);
                        results.Add(result);
                    }
                }
            }

            return results;
        }
        finally
        {
            // The store removes its folder with its last plan; what a failed teardown kept goes here.
            if (Directory.Exists(plans.FullName))
            {
                plans.Delete(recursive: true);
            }
        }
    }

    /// <summary>The nearest-rank percentile (0-100) of <paramref name="values"/>; NaN when empty.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private async Task<PairBenchResult> MeasureAsync(MachineSpec spec, int n, bool parallel, string plans, CancellationToken cancellationToken)
    {
        var timedProvider = new TimedVmPairProvider(provider, time);
        var timedBootstrapper = new TimedBootstrapper(bootstrapper, time);
        var catalog = new VmPairProviderCatalog([timedProvider]);
        var planner = new RunPlanner(
            catalog,
            new PairProvisioner(catalog, timedBootstrapper, time, loggers.CreateLogger<PairProvisioner>()),
            new RunPlanStore(Options.Create(new RunPlanOptions { Directory = plans })),
            Options.Create(new RunPlanOptions()),
            Options.Create(new PairPoolOptions
            {
                MaxPairs = n,
                MaxPairsPerEnvironment = n,
                MaxParallelProvisioning = parallel ? n : 1,
                Owner = "netperf-bench",
            }),
            time,
            loggers);

        // N rows of one spec, told apart by their io dimension (each row is one job, one pair, one runner).
        var matrix = new JobMatrixExpansion
        {
            Jobs = Enumerable.Range(1, n).Select(i => new MatrixEntry
            {
                Os = spec.Image,
                Environment = spec.Environment,
                Architecture = spec.Architecture,
                Io = $"bench{i}",
                Tls = "none",
            }).ToList(),
        };
        var runId = $"bench-{Guid.NewGuid():N}"[..16];
        var cpuBefore = MachineCpu.BusySeconds();
        var started = time.GetTimestamp();
        double ready;
        double? cpu;
        try
        {
            await planner.ProvisionAsync(
                new RunRequest { Matrix = matrix, RunId = runId, Owner = "netperf-bench", TimeToLive = TimeSpan.FromMinutes(30) }, runners, registry, cancellationToken);
            ready = time.GetElapsedTime(started).TotalSeconds;
            cpu = MachineCpu.BusySeconds() - cpuBefore;
        }
        catch
        {
            // Provisioning removed what it made; a teardown finds anything it could not.
            await planner.TeardownAsync(runId, registry, CancellationToken.None);
            throw;
        }

        started = time.GetTimestamp();
        var report = await planner.TeardownAsync(runId, registry, CancellationToken.None);
        if (!report.Succeeded)
        {
            throw new InvalidOperationException($"The benchmark's teardown of run {runId} failed: {string.Join("; ", report.Failures)}");
        }

        return new PairBenchResult(n, parallel, ready, time.GetElapsedTime(started).TotalSeconds)
        {
            CpuSeconds = cpu,
            CreatePerPair = [.. timedProvider.CreateSeconds],
            ReadyPerPair = [.. timedBootstrapper.ReadySeconds],
            DeletePerPair = [.. timedProvider.DeleteSeconds],
            Steps = [.. timedBootstrapper.StepSeconds],
        };
    }
}
