using System.Globalization;
using System.Text.Json;
using Netperf.Perf.Hosting;
using Netperf.Perf.Latency;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// <c>compare base.json head.json [more.json...] [--vs] [--fail-on-regression] [--min-effect F] [--allow-differences]</c>:
/// per-test change in ops/s (the files' own figure) and latency percentiles with a noise-aware verdict. The
/// first file is the base and the others the head, unless <c>--vs</c> separates several base files from several
/// head files. Runs whose measured options differ are refused (exit 2) unless <c>--allow-differences</c>; a
/// different machine, runtime or sample size is a loud warning. Exit code 3 when a test regressed and
/// <c>--fail-on-regression</c> is given. <c>compare --ab</c> runs an interleaved A/B experiment instead
/// (<see cref="AbMode"/>).
/// </summary>
internal sealed class CompareMode : IPerfProgramMode
{
    public const int RegressionExitCode = 3;

    public string Name => "compare";

    public string Description => "compare base.json head.json [more...] [--vs] [--fail-on-regression] [--min-effect 0.05] [--allow-differences]: verdicts on ops/s and latency; compare --ab BASELINE CANDIDATE -- TEST [options]: an interleaved A/B run; compare --legacy LEGACY_BUILD [NEW_BUILD] -- NAME: Legacy<NAME> vs <NAME>.";

    public bool Hidden => false;

    public async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        if (arguments.Count > 0 && arguments[0] is "--ab" or "--legacy")
        {
            return await AbMode.RunAsync(context, arguments.Skip(1).ToList(), cancellationToken, legacy: arguments[0] == "--legacy").ConfigureAwait(false);
        }

        var options = new ComparisonOptions();
        var failOnRegression = false;
        var allowDifferences = false;
        var files = new List<string>();
        var separator = -1;
        for (var i = 0; i < arguments.Count; i++)
        {
            switch (arguments[i])
            {
                case "--fail-on-regression":
                    failOnRegression = true;
                    break;
                case "--min-effect" when i + 1 < arguments.Count && double.TryParse(arguments[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var effect) && effect >= 0:
                    options.MinimumEffect = effect;
                    i++;
                    break;
                case "--allow-differences":
                    allowDifferences = true;
                    break;
                case "--vs":
                    separator = files.Count;
                    break;
                default:
                    if (arguments[i].StartsWith('-'))
                    {
                        await context.Error.WriteLineAsync($"compare: unknown option '{arguments[i]}'. Usage: {Description}").ConfigureAwait(false);
                        return PerfExitCodes.UsageError;
                    }

                    files.Add(arguments[i]);
                    break;
            }
        }

        var split = separator >= 0 ? separator : 1;
        if (files.Count < 2 || split < 1 || split >= files.Count)
        {
            await context.Error.WriteLineAsync($"compare needs a base and a head results file. Usage: {Description}").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        var baseSide = new List<TestSamples>();
        var headSide = new List<TestSamples>();
        for (var i = 0; i < files.Count; i++)
        {
            if (Directory.Exists(files[i]))
            {
                await context.Error.WriteLineAsync($"compare: '{files[i]}' is a folder; give its results files (*.json).").ConfigureAwait(false);
                return PerfExitCodes.UsageError;
            }

            try
            {
                using var document = JsonDocument.Parse(await File.ReadAllTextAsync(files[i], cancellationToken).ConfigureAwait(false));
                ResultFileReader.AddTo(i < split ? baseSide : headSide, document.RootElement, files[i]);
            }
            catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException or FormatException)
            {
                await context.Error.WriteLineAsync($"compare: cannot read '{files[i]}' as a Netperf results file: {ex.Message}").ConfigureAwait(false);
                return PerfExitCodes.UsageError;
            }
        }

        var comparisons = ResultComparer.Compare(baseSide, headSide, options);
        if (comparisons.Count == 0)
        {
            await context.Error.WriteLineAsync(
                $"compare: the base and head files have no test in common (base: {string.Join(", ", baseSide.Select(s => s.Test))}; " +
                $"head: {string.Join(", ", headSide.Select(s => s.Test))}). Compare runs of the same test.").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        var output = context.Output;
        var differences = RunDifferences.Find(baseSide, headSide);
        if (differences.Refusals.Count > 0 && !allowDifferences)
        {
            await context.Error.WriteLineAsync("compare: refused: the runs did not measure the same thing:").ConfigureAwait(false);
            foreach (var line in differences.Refusals)
            {
                await context.Error.WriteLineAsync("  " + line).ConfigureAwait(false);
            }

            await context.Error.WriteLineAsync("Re-run with the same options, or pass --allow-differences to compare anyway.").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        foreach (var line in differences.Refusals.Concat(differences.Warnings))
        {
            // Loud on both streams: a CI log and a person at a console both see it beside the verdict.
            await output.WriteLineAsync("WARNING: " + line).ConfigureAwait(false);
            await context.Error.WriteLineAsync("WARNING: " + line).ConfigureAwait(false);
        }

        await output.WriteLineAsync($"{"test",-24} {"metric",-8} {"base",16} {"head",16} {"change",9}  {"verdict",-10} basis").ConfigureAwait(false);
        foreach (var test in comparisons)
        {
            foreach (var m in test.Metrics)
            {
                var (b, h) = m.Metric == "ops/s"
                    ? (m.Base.ToString("N2", CultureInfo.InvariantCulture), m.Head.ToString("N2", CultureInfo.InvariantCulture))
                    : (LatencyPercentiles.Format(m.Base), LatencyPercentiles.Format(m.Head));
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{test.Test,-24} {m.Metric,-8} {b,16} {h,16} {m.Change,9:+0.0%;-0.0%;0.0%}  {Verdict(m.Verdict),-10} {m.Basis}")).ConfigureAwait(false);
            }

            await output.WriteLineAsync($"{test.Test}: {Verdict(test.Verdict)}").ConfigureAwait(false);
        }

        var regressed = comparisons.Any(c => c.Verdict == ComparisonVerdict.Regressed);
        return regressed && failOnRegression ? RegressionExitCode : PerfExitCodes.Success;
    }

    private static string Verdict(ComparisonVerdict verdict) => verdict switch
    {
        ComparisonVerdict.Improved => "improved",
        ComparisonVerdict.Regressed => "regressed",
        _ => "no change",
    };
}
