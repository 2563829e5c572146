using System.Globalization;
using System.Text.Json;
using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Discovery;
using Netperf.Perf.Hosting;
using Netperf.Perf.Processes.Internal;
using Netperf.Perf.Versions.Internal;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// <c>compare --ab BASELINE CANDIDATE [--blocks K] [--seed N] [--min-effect F] [--output DIR] -- TEST [options]</c>:
/// an interleaved A/B experiment on this machine. Each side is a build (a perf-test program's <c>.dll</c> or
/// executable) or an option set of this program (<c>options:--knob 10</c>). The runs go ABBA (or BAAB, the
/// first side drawn at random) <c>K</c> times, each a fresh process with the same test options (same warm-up);
/// each adjacent A/B pair gives a ratio, outliers are reported and left out, and the effect is stated with a
/// 95% confidence interval and a verdict. Exit 3 on a regression, 2 on bad input (an unknown side, builds
/// whose test lists differ).
/// </summary>
internal static class AbMode
{
    public const string Usage =
        "usage: compare --ab BASELINE CANDIDATE [--blocks 3] [--seed N] [--min-effect 0.02] [--output DIR] -- TEST [test options]\n" +
        "  BASELINE, CANDIDATE: a perf-test build (path to its .dll or executable) or options of this program (options:\"--knob 1\").\n" +
        "usage: compare --legacy LEGACY_BUILD [NEW_BUILD] [same options] -- NAME [test options]\n" +
        "  runs Legacy<NAME> in LEGACY_BUILD against <NAME> in NEW_BUILD (default: this program), each in its own processes.";

    public static async Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken, bool legacy = false)
    {
        var (parsed, error) = AbArguments.Parse(arguments, legacy);
        if (parsed is null)
        {
            await context.Error.WriteLineAsync($"compare --ab: {error}\n{Usage}").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        var sides = new List<AbSide>();
        foreach (var (label, spec) in new[] { ("A", parsed.Baseline), ("B", parsed.Candidate) })
        {
            var side = AbSide.Resolve(label, spec, out var problem);
            if (side is null)
            {
                await context.Error.WriteLineAsync($"compare --ab: {(label == "A" ? "BASELINE" : "CANDIDATE")} {problem}").ConfigureAwait(false);
                return PerfExitCodes.UsageError;
            }

            sides.Add(side);
        }

        var (a, b) = (sides[0], sides[1]);
        var testName = parsed.TestArguments[0];
        if (parsed.Legacy)
        {
            // Legacy<Name> in the legacy build against <Name> in the new one, each with its own dependencies.
            var name = testName.StartsWith("Legacy", StringComparison.Ordinal) ? testName["Legacy".Length..] : testName;
            (a, b) = (a with { Test = "Legacy" + name }, b with { Test = name });
            var (missing, legacyName, newName) = await FindCounterpartsAsync(a, b, cancellationToken).ConfigureAwait(false);
            if (missing is not null)
            {
                await context.Error.WriteLineAsync("compare --legacy: " + missing).ConfigureAwait(false);
                return PerfExitCodes.UsageError;
            }

            (a, b) = (a with { Test = legacyName }, b with { Test = newName });
        }
        else if (a.IsBuild || b.IsBuild)
        {
            var listProblem = await CompareTestListsAsync(a, b, cancellationToken).ConfigureAwait(false);
            if (listProblem is not null)
            {
                await context.Error.WriteLineAsync("compare --ab: " + listProblem).ConfigureAwait(false);
                return PerfExitCodes.UsageError;
            }
        }

        // An option set may hold a secret option (options:"--key ..."): its description is shown masked. A word the test
        // does not know is refused here, before a run would print it back (a misspelled secret option's value is such a word).
        var masked = new[] { a, b }.Select(side => (Side: side.WithMaskedDescription(context.Catalog, side.Test ?? testName, out var problem), Problem: problem)).ToList();
        if (masked.FindIndex(m => m.Side is null) is var refused and >= 0)
        {
            var which = refused == 0 ? "BASELINE" : "CANDIDATE";
            await context.Error.WriteLineAsync(masked[refused].Problem is { } problem
                ? $"compare --ab: {which}'s option set: {problem}."
                : $"compare --ab: {which} runs this program, which has no test '{testName}' (run --list).").ConfigureAwait(false);
            return PerfExitCodes.UsageError;
        }

        (a, b) = (masked[0].Side!, masked[1].Side!);
        Directory.CreateDirectory(parsed.OutputDirectory);
        var seed = parsed.Seed ?? Random.Shared.Next();
        var aFirst = new Random(seed).Next(2) == 0;
        var order = new List<AbSide>();
        for (var block = 0; block < parsed.Blocks; block++)
        {
            order.AddRange(aFirst ? [a, b, b, a] : [b, a, a, b]);
        }

        var output = context.Output;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"ab: A = {a.Description}; B = {b.Description}; {parsed.Blocks} x {(aFirst ? "ABBA" : "BAAB")} ({order.Count} runs, first side drawn with seed {seed})")).ConfigureAwait(false);
        var values = new double[order.Count];
        for (var i = 0; i < order.Count; i++)
        {
            var side = order[i];
            var results = Path.Combine(parsed.OutputDirectory, string.Create(CultureInfo.InvariantCulture, $"run{i + 1:00}-{side.Label}.json"));
            var (code, log) = await DotnetCli.RunTestAsync(
                side.FileName,
                side.Prefix,
                side.Test ?? testName,
                [.. parsed.TestArguments.Skip(1), "--results-file", results, .. side.ExtraOptions],
                Directory.GetCurrentDirectory(),
                cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                await context.Error.WriteLineAsync($"compare --ab: run {i + 1} ({side.Label}: {side.Description}) failed (exit {code}):\n{log}").ConfigureAwait(false);
                return PerfExitCodes.TestFailed;
            }

            using (var document = JsonDocument.Parse(await File.ReadAllTextAsync(results, cancellationToken).ConfigureAwait(false)))
            {
                values[i] = document.RootElement.GetProperty("opsPerSecond").GetDouble();
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"ab: run {i + 1,2}/{order.Count} {side.Label} {values[i],16:N2} ops/s")).ConfigureAwait(false);
        }

        var pairs = new List<(double A, double B)>();
        for (var i = 0; i + 1 < order.Count; i += 2)
        {
            pairs.Add(order[i] == a ? (values[i], values[i + 1]) : (values[i + 1], values[i]));
        }

        var result = AbStatistics.Analyse(pairs, parsed.MinimumEffect);
        foreach (var index in result.Outliers)
        {
            var (pa, pb) = pairs[index];
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ab: outlier: pair {index + 1} (A {pa:N2}, B {pb:N2}, B/A {(pb / pa) - 1:+0.0%;-0.0%}) is more than {AbStatistics.OutlierMads} MADs from the median ratio; left out of the estimate")).ConfigureAwait(false);
        }

        if (result.Outliers.Count > 0)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ab: with the outliers the effect would be {result.EffectWithOutliers:+0.00%;-0.00%;0.00%}")).ConfigureAwait(false);
        }

        var test = parsed.Legacy ? $"{a.Test} -> {b.Test}" : testName;
        var verdict = result.Verdict switch
        {
            ComparisonVerdict.Improved => "improved",
            ComparisonVerdict.Regressed => "regressed",
            _ => "no change",
        };
        var interval = double.IsNaN(result.Low)
            ? "no confidence interval (fewer than 2 pairs left)"
            : string.Create(CultureInfo.InvariantCulture, $"95% CI [{result.Low:+0.00%;-0.00%;0.00%}, {result.High:+0.00%;-0.00%;0.00%}]");
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{test}: B vs A ops/s {result.Effect:+0.00%;-0.00%;0.00%}, {interval} over {result.PairsUsed} pairs ({result.Outliers.Count} outliers), minimum effect {parsed.MinimumEffect:0.0#%}: {verdict}")).ConfigureAwait(false);
        return result.Verdict == ComparisonVerdict.Regressed ? CompareMode.RegressionExitCode : PerfExitCodes.Success;
    }

    /// <summary>The two tests' listed names (matched as the runner matches: any case, with or without "Test"), or what is missing.</summary>
    private static async Task<(string? Problem, string Legacy, string Current)> FindCounterpartsAsync(AbSide legacy, AbSide current, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var found = new List<string>();
        foreach (var side in new[] { legacy, current })
        {
            var (code, log) = await DotnetCli.RunProgramAsync(side.FileName, [.. side.Prefix, "--list"], Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                return ($"{side.Description} could not list its tests (exit {code}):\n{log}", string.Empty, string.Empty);
            }

            var names = ParseTestList(log);
            var key = Discovery.Internal.NameMatcher.Normalize(side.Test!);
            var match = names.FirstOrDefault(n => Discovery.Internal.NameMatcher.Normalize(n) == key);
            if (match is null)
            {
                var role = side == legacy ? "the legacy build" : "the new build";
                problems.Add($"{side.Test} is missing from {role} ({side.Description}); it has: {string.Join(", ", names.Order(StringComparer.Ordinal))}");
            }

            found.Add(match ?? side.Test!);
        }

        return problems.Count == 0
            ? (null, found[0], found[1])
            : ($"no counterpart: {string.Join("; ", problems)}. A legacy test Legacy<Name> is compared with <Name> in the other build.", found[0], found[1]);
    }

    private static async Task<string?> CompareTestListsAsync(AbSide a, AbSide b, CancellationToken cancellationToken)
    {
        var lists = new List<HashSet<string>>();
        foreach (var side in new[] { a, b })
        {
            var (code, log) = await DotnetCli.RunProgramAsync(side.FileName, [.. side.Prefix, "--list"], Directory.GetCurrentDirectory(), cancellationToken).ConfigureAwait(false);
            if (code != 0)
            {
                return $"{side.Label} ({side.Description}) could not list its tests (exit {code}):\n{log}";
            }

            lists.Add(ParseTestList(log));
        }

        var onlyA = lists[0].Except(lists[1]).Order(StringComparer.Ordinal).ToList();
        var onlyB = lists[1].Except(lists[0]).Order(StringComparer.Ordinal).ToList();
        if (onlyA.Count == 0 && onlyB.Count == 0)
        {
            return null;
        }

        var parts = new List<string>();
        if (onlyB.Count > 0)
        {
            parts.Add($"missing from BASELINE ({a.Description}): {string.Join(", ", onlyB)}");
        }

        if (onlyA.Count > 0)
        {
            parts.Add($"missing from CANDIDATE ({b.Description}): {string.Join(", ", onlyA)}");
        }

        return "the two builds' test lists differ; " + string.Join("; ", parts) + ". A/B needs the same tests on both sides.";
    }

    /// <summary>The test names of <c>--list</c> output: the indented lines of its "Tests:" section.</summary>
    internal static HashSet<string> ParseTestList(string listing)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var inTests = false;
        foreach (var line in listing.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith("Tests:", StringComparison.Ordinal))
            {
                inTests = true;
                continue;
            }

            if (inTests)
            {
                if (!trimmed.StartsWith("  ", StringComparison.Ordinal))
                {
                    break;
                }

                names.Add(trimmed.Trim().Split(' ', 2)[0]);
            }
        }

        return names;
    }

    private sealed record AbSide(string Label, string Description, string FileName, IReadOnlyList<string> Prefix, IReadOnlyList<string> ExtraOptions, bool IsBuild)
    {
        /// <summary>The test this side runs when it differs by side (legacy runs); null: the common test.</summary>
        public string? Test { get; init; }

        public static AbSide? Resolve(string label, string spec, out string problem)
        {
            problem = string.Empty;
            if (spec.StartsWith("options:", StringComparison.Ordinal))
            {
                var (self, prefix) = ChildProcessConnection.ResolveSelf();
                var extra = spec["options:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var description = extra.Length == 0 ? "this program" : $"this program with '{string.Join(' ', extra)}'";
                return new AbSide(label, description, self, prefix, extra, IsBuild: false);
            }

            var path = Path.GetFullPath(spec);
            if (!File.Exists(path))
            {
                // Only the first word: what follows a misspelled "options:" may be a secret option's value.
                var shown = spec.Split(' ', 2) is [var first, _] ? first + " …" : spec;
                problem = $"'{shown}' is neither a build that exists (a perf-test program's .dll or executable) nor an option set (options:\"--knob 1\").";
                return null;
            }

            return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? new AbSide(label, path, "dotnet", [path], [], IsBuild: true)
                : new AbSide(label, path, path, [], [], IsBuild: true);
        }

        /// <summary>
        /// This side with its option set shown as <paramref name="test"/> parses it, secret values masked (the
        /// description is printed); null when this program has no such test, or (with <paramref name="problem"/>) when
        /// the option set has words the test does not know.
        /// </summary>
        public AbSide? WithMaskedDescription(PerfTestCatalog catalog, string test, out string? problem)
        {
            problem = null;
            if (IsBuild || ExtraOptions.Count == 0)
            {
                return this;
            }

            var descriptor = catalog.Find(test);
            if (descriptor is null)
            {
                return null;
            }

            var parser = new PerfOptionsParser(descriptor.Name, descriptor.Description, descriptor.OptionsType);
            problem = parser.UnknownWords(ExtraOptions);
            if (problem is not null)
            {
                return null;
            }

            var shown = parser.Split(ExtraOptions).Redacted;
            return this with { Description = $"this program with '{string.Join(' ', shown)}'" };
        }
    }
}
