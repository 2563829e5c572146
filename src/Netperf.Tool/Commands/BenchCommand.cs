using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Tool.Bench;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary><c>bench pairs</c>: time to N ready pairs, pool parallelism on and off.</summary>
internal static class BenchCommand
{
    public static Command Create(ToolApp app)
    {
        var json = CommonOptions.Json();
        var env = new Option<string>("--env", "-e") { Description = "simulated (a fixed creation delay, in process) or a registered environment such as local.", DefaultValueFactory = _ => "simulated" };
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
        var pairs = new Command("pairs", "Time to N ready pairs for each N, with provisioning parallelism on (N at once) and off (one at a time).") { env, os, counts, delay, json };
        pairs.SetAction((parse, ct) => app.RunAsync(parse, async (services, output) =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            var loggers = services.GetRequiredService<ILoggerFactory>();
            var environment = parse.GetRequiredValue(env);
            var ns = parse.GetRequiredValue(counts).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
            var spec = new MachineSpec { Image = parse.GetRequiredValue(os), Environment = environment };
            Func<PairPoolOptions, PairPool> createPool;
            if (environment == "simulated")
            {
                var provider = new SimulatedVmPairProvider(parse.GetValue(delay), time);
                var provisioner = new PairProvisioner(new VmPairProviderCatalog([provider]), new SimulatedBootstrapper(), time, loggers.CreateLogger<PairProvisioner>());
                createPool = o => new PairPool(provisioner, Options.Create(o), time, loggers);
            }
            else
            {
                _ = EnvironmentLookup.Get(services.GetRequiredService<VmPairProviderCatalog>(), environment);
                var provisioner = services.GetRequiredService<PairProvisioner>();
                createPool = o => new PairPool(provisioner, Options.Create(o), time, loggers);
            }

            var asJson = parse.GetValue(json);
            if (!asJson)
            {
                await output.WriteLineAsync($"{"env",-10} {"pairs",5} {"parallel",-9} {"ready s",8} {"delete s",9}");
            }

            var results = await PairBenchmark.RunAsync(spec, ns, createPool, time, r =>
            {
                if (!asJson)
                {
                    output.WriteLine($"{environment,-10} {r.Pairs,5} {(r.Parallel ? "on" : "off"),-9} {r.ReadySeconds,8:0.000} {r.DeleteSeconds,9:0.000}");
                }
            }, ct);

            double? Ratio(bool parallel)
            {
                var one = results.FirstOrDefault(r => r.Parallel == parallel && r.Pairs == ns.Min());
                var most = results.FirstOrDefault(r => r.Parallel == parallel && r.Pairs == ns.Max());
                return one is null || most is null || one.ReadySeconds <= 0 ? null : most.ReadySeconds / one.ReadySeconds;
            }

            var on = Ratio(true);
            var off = Ratio(false);
            if (asJson)
            {
                await output.WriteLineAsync(PairJson.Serialize(new
                {
                    environment,
                    image = spec.Image,
                    simulatedDelaySeconds = environment == "simulated" ? parse.GetValue(delay).TotalSeconds : (double?)null,
                    results,
                    ratioMaxToMinParallel = on,
                    ratioMaxToMinSequential = off,
                    goal = 1.5,
                    goalMet = on <= 1.5,
                }));
            }
            else
            {
                await output.WriteLineAsync($"time({ns.Max()} pairs) / time({ns.Min()} pair): parallel {on:0.00}x, sequential {off:0.00}x (goal: parallel <= 1.5x: {(on <= 1.5 ? "met" : "NOT met")})");
            }

            return ExitCodes.Ok;
        }, ct));
        return new Command("bench", "Benchmarks.") { pairs };
    }
}
