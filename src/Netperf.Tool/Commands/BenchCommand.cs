using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Tool.Bench;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary><c>bench pairs</c>: time to N ready pairs (optionally with a GitHub runner each), pool parallelism on and off.</summary>
internal static class BenchCommand
{
    public static Command Create(ToolApp app)
    {
        var json = CommonOptions.Json();
        var env = new Option<string>("--env", "-e") { Description = "simulated (a fixed creation delay, in process) or a registered environment such as local, lab or azure.", DefaultValueFactory = _ => "simulated" };
        var os = new Option<string>("--os") { Description = "The OS image.", DefaultValueFactory = _ => "ubuntu-24.04" };
        var counts = new Option<string>("--counts") { Description = "Comma-separated pair counts.", DefaultValueFactory = _ => "1,4,8" };
        counts.Validators.Add(r =>
        {
            if (r.GetValue(counts) is { } text && text.Split(',', StringSplitOptions.TrimEntries).Any(c => !int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1))
            {
                r.AddError($"--counts '{text}' must be comma-separated positive whole numbers, such as 1,4,8.");
            }
        });
        var delay = new Option<TimeSpan>("--delay") { Description = "Creation delay of the simulated environment.", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = Durations.Parse };
        var rounds = WholeNumbers.Option("--rounds", "Measurements of each count (the ratio compares medians).", 1, 1, 1000);
        var runners = new Option<bool>("--runners") { Description = "Also install one GitHub runner per pair on its client (Netperf:GitHub, Netperf:Runners), as 'netperf provision' does." };
        var parallelOnly = new Option<bool>("--parallel-only") { Description = "Measure with provisioning parallelism on only (not one pair at a time as well)." };
        var pairs = new Command("pairs", "Time to N ready pairs for each N (a run of N jobs, as 'netperf provision' makes it), with provisioning parallelism on (N at once) and off (one at a time).")
        {
            env, os, counts, delay, rounds, runners, parallelOnly, json,
        };
        pairs.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var environment = parse.GetRequiredValue(env);
            if (environment == "simulated" && parse.GetValue(runners))
            {
                throw new UsageException("--runners needs a real environment (such as local, lab or azure): simulated machines run no commands.");
            }

            if (!parse.GetValue(runners))
            {
                return await BenchAsync(parse, services, output, null, null, ct);
            }

            return await RunnersCommand.WithGitHubAsync(parse, services, gh =>
                BenchAsync(parse, services, output, gh.GetRequiredService<RunnerInstaller>(), gh.GetRequiredService<IRunnerRegistry>(), ct));
        }, ct));
        return new Command("bench", "Benchmarks.") { pairs };

        async Task<int> BenchAsync(ParseResult parse, IServiceProvider services, TextWriter output, RunnerInstaller? installer, IRunnerRegistry? registry, CancellationToken ct)
        {
            var time = services.GetRequiredService<TimeProvider>();
            var loggers = services.GetRequiredService<ILoggerFactory>();
            var environment = parse.GetRequiredValue(env);
            var ns = parse.GetRequiredValue(counts).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var spec = new MachineSpec { Image = parse.GetRequiredValue(os), Environment = environment };
            IVmPairProvider provider;
            IPairBootstrapper bootstrapper;
            if (environment == "simulated")
            {
                provider = new SimulatedVmPairProvider(parse.GetValue(delay), time);
                bootstrapper = new SimulatedBootstrapper();
            }
            else
            {
                provider = EnvironmentLookup.Get(services.GetRequiredService<VmPairProviderCatalog>(), spec);
                bootstrapper = services.GetKeyedService<IPairBootstrapper>(environment) ?? services.GetRequiredService<IPairBootstrapper>();
            }

            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                await output.WriteLineAsync(
                    $"warm-up first, not recorded: {(ns.Min() == ns.Max() ? $"{ns.Min()} pair(s)" : $"{ns.Min()} and {ns.Max()} pairs")} provisioned and torn down, so the JIT, the connections"
                    + $"{(installer is null ? string.Empty : ", the fake GitHub")}{(environment == "azure" ? ", the ARM" : string.Empty)} and the thread pool are warm before the first measured round");
                await output.WriteLineAsync($"{"env",-10} {"pairs",5} {"parallel",-9} {"ready s",8} {"delete s",9} {"cpu s",7}{(installer is null ? string.Empty : "   (ready: with a runner per pair)")}");
            }

            var benchmark = new PairBenchmark(provider, bootstrapper, installer, registry, time, loggers);
            var warmUps = new List<PairBenchResult>();
            var results = await benchmark.RunAsync(spec, ns, parse.GetValue(rounds), !parse.GetValue(parallelOnly), r =>
            {
                if (!asJson)
                {
                    output.WriteLine($"{environment,-10} {r.Pairs,5} {(r.Parallel ? "on" : "off"),-9} {r.ReadySeconds,8:0.000} {r.DeleteSeconds,9:0.000} {Cpu(r.CpuSeconds),7}");
                }
            }, w =>
            {
                warmUps.Add(w);
                if (!asJson)
                {
                    output.WriteLine($"{environment,-10} {w.Pairs,5} {"warm-up",-9} {w.ReadySeconds,8:0.000} {w.DeleteSeconds,9:0.000} {Cpu(w.CpuSeconds),7}   (not recorded)");
                }
            }, ct);

            double Median(IEnumerable<PairBenchResult> rs) => PairBenchmark.Percentile(rs.Select(r => r.ReadySeconds), 50);
            double? CpuMedian(IEnumerable<PairBenchResult> rs) => rs.Any(r => r.CpuSeconds is null) ? null : PairBenchmark.Percentile(rs.Select(r => r.CpuSeconds!.Value), 50);
            var perPair = results.GroupBy(r => (r.Pairs, r.Parallel)).Select(g => new
            {
                pairs = g.Key.Pairs,
                parallel = g.Key.Parallel,
                rounds = g.Count(),
                readyMedianSeconds = Median(g),
                cpuMedianSeconds = CpuMedian(g),
                create = Spread(g.SelectMany(r => r.CreatePerPair)),
                ready = Spread(g.SelectMany(r => r.ReadyPerPair)),
                delete = Spread(g.SelectMany(r => r.DeletePerPair)),
                steps = g.SelectMany(r => r.Steps).GroupBy(s => s.Step)
                    .Select(s => (Step: s.Key, Spread: Spread(s.Select(x => x.Seconds))))
                    .Select(s => new { step = s.Step, p50 = s.Spread.P50, p95 = s.Spread.P95 }).ToList(),
            }).ToList();
            double? Ratio(bool parallel) =>
                perPair.FirstOrDefault(g => g.parallel == parallel && g.pairs == ns.Min()) is { readyMedianSeconds: > 0 } one
                && perPair.FirstOrDefault(g => g.parallel == parallel && g.pairs == ns.Max()) is { } most
                    ? most.readyMedianSeconds / one.readyMedianSeconds
                    : null;
            var on = Ratio(true);
            var off = Ratio(false);

            // The CPU floor: the most pairs cannot be ready before their CPU work has run on this machine's cores.
            var cores = Environment.ProcessorCount;
            var cpuAtMost = perPair.FirstOrDefault(g => g.parallel && g.pairs == ns.Max())?.cpuMedianSeconds;
            var floor = perPair.FirstOrDefault(g => g.parallel && g.pairs == ns.Min()) is { } fewest
                ? MachineCpu.FloorRatio(cpuAtMost, cores, fewest.readyMedianSeconds)
                : null;
            if (asJson)
            {
                await output.WriteLineAsync(PairJson.Serialize(new
                {
                    environment,
                    image = spec.Image,
                    runners = installer is not null,
                    simulatedDelaySeconds = environment == "simulated" ? parse.GetValue(delay).TotalSeconds : (double?)null,
                    warmUp = warmUps.Select(r => new { pairs = r.Pairs, readySeconds = r.ReadySeconds, deleteSeconds = r.DeleteSeconds, cpuSeconds = r.CpuSeconds }),
                    results = results.Select(r => new { pairs = r.Pairs, parallel = r.Parallel, readySeconds = r.ReadySeconds, deleteSeconds = r.DeleteSeconds, cpuSeconds = r.CpuSeconds }),
                    perPair,
                    ratioMaxToMinParallel = on,
                    ratioMaxToMinSequential = off,
                    cores,
                    cpuFloorRatio = floor,
                    goal = 1.5,
                    goalMet = on <= 1.5,
                }));
                return ExitCodes.Ok;
            }

            await output.WriteLineAsync($"per pair, seconds (p50 / p95): {"create",-15} {"ready",-15} {"delete",-15}");
            foreach (var g in perPair)
            {
                await output.WriteLineAsync($"  {g.pairs,2} pairs, parallel {(g.parallel ? "on " : "off")}:    {g.create.P50,6:0.000} / {g.create.P95,6:0.000} {g.ready.P50,6:0.000} / {g.ready.P95,6:0.000} {g.delete.P50,6:0.000} / {g.delete.P95,6:0.000}");
            }

            if (perPair.FirstOrDefault(g => g.parallel && g.pairs == ns.Max()) is { steps.Count: > 0 } most)
            {
                await output.WriteLineAsync($"readiness steps at {most.pairs} pairs in parallel (p50 / p95 s): "
                    + string.Join(", ", most.steps.Select(s => FormattableString.Invariant($"{s.step} {s.p50:0.000} / {s.p95:0.000}"))));
            }

            await output.WriteLineAsync($"time({ns.Max()} pairs) / time({ns.Min()} pair): parallel {on:0.00}x, sequential {(off is null ? "not measured" : $"{off:0.00}x")} (goal: parallel <= 1.5x: {(on <= 1.5 ? "met" : "NOT met")})");
            if (cpuAtMost is { } cpuSeconds && floor is { } lowest)
            {
                await output.WriteLineAsync(FormattableString.Invariant(
                    $"CPU floor: {ns.Max()} pairs kept this machine busy for {cpuSeconds:0.000} CPU s ({cpuSeconds / ns.Max():0.000} s per pair, median; every process, fakes included); on {cores} core(s) they cannot be ready in less than {cpuSeconds / cores:0.000} s = {lowest:0.00}x the time to {ns.Min()}"));
            }

            return ExitCodes.Ok;
        }
    }

    private static string Cpu(double? seconds) => seconds is { } s ? s.ToString("0.00", CultureInfo.InvariantCulture) : "-";

    private static PairSpread Spread(IEnumerable<double> values)
    {
        var list = values.ToList();
        return new PairSpread(PairBenchmark.Percentile(list, 50), PairBenchmark.Percentile(list, 95));
    }

    /// <summary>The median and 95th percentile of one per-pair figure.</summary>
    private sealed record PairSpread(double P50, double P95);
}
