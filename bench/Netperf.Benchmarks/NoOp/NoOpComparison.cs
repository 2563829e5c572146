using System.Globalization;
using Netperf.Perf;
using Netperf.Perf.Discovery;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.SystemTests;

namespace Netperf.Benchmarks.NoOp;

/// <summary>
/// <c>noop</c>: our NoOpTest (sync and async, p=1 and p=2) against <see cref="PlainLoop"/> with the
/// same thread count, in one process, alternating so both see the same machine state.
/// Prints each ops/s and the ratio ours/loop (goal: ≥ 0.95).
/// </summary>
internal static class NoOpComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var duration = IntArg(args, "--duration", 10);
        var warmup = IntArg(args, "--warmup", 5);
        var rounds = IntArg(args, "--rounds", 1);
        var output = Console.Out;
        output.WriteLine($"NoOp vs plain loop: duration {duration} s, warmup {warmup} s, {rounds} round(s), {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}");
        output.WriteLine($"{"config",-14}{"ours ops/s",18}{"loop ops/s",18}{"ours/loop",12}");
        var worst = double.MaxValue;
        foreach (var parallel in new[] { 1, 2 })
        {
            foreach (var sync in new[] { true, false })
            {
                for (var round = 0; round < rounds; round++)
                {
                    PlainLoop.Run(parallel, TimeSpan.FromSeconds(warmup));
                    var loop = PlainLoop.Run(parallel, TimeSpan.FromSeconds(duration));
                    var ours = await RunOursAsync(parallel, sync, duration, warmup);
                    var ratio = ours / loop;
                    worst = Math.Min(worst, ratio);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{(sync ? "sync" : "async") + $" p={parallel}",-14}{ours,18:N0}{loop,18:N0}{ratio,12:F3}"));
                }
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"worst ratio {worst:F3} (goal >= 0.950)"));
        return 0;
    }

    private static async Task<double> RunOursAsync(int parallel, bool sync, int duration, int warmup)
    {
        var options = new PerfOptions { Duration = duration, Warmup = warmup, Parallel = parallel, Sync = sync, StatusInterval = Math.Max(1, duration) };
        var result = await new PerfRunner(PerfTestDescriptor.For(typeof(NoOpTest)), options).RunAsync();
        if (result.Status != PerfRunStatus.Succeeded)
        {
            throw new InvalidOperationException($"NoOp failed: {string.Join("; ", result.Errors.Select(e => e.Message))}");
        }

        return result.OpsPerSecond;
    }

    private static int IntArg(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
