using System.Globalization;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>The parsed arguments of <c>compare --ab</c>.</summary>
internal sealed record AbArguments
{
    public required string Baseline { get; init; }

    public required string Candidate { get; init; }

    /// <summary>ABBA blocks (each 4 runs, 2 pairs).</summary>
    public int Blocks { get; init; } = 3;

    /// <summary>Seed of the first side's draw; random when absent (and printed).</summary>
    public int? Seed { get; init; }

    /// <summary>The smallest relative change that counts (default 2%).</summary>
    public double MinimumEffect { get; init; } = 0.02;

    public required string OutputDirectory { get; init; }

    /// <summary><c>--legacy</c>: the baseline runs <c>Legacy&lt;Name&gt;</c>, the candidate <c>&lt;Name&gt;</c>.</summary>
    public bool Legacy { get; init; }

    /// <summary>The test and its options, the same for both sides.</summary>
    public required IReadOnlyList<string> TestArguments { get; init; }

    /// <summary>Parses the arguments after <c>--ab</c>; returns an error message instead of throwing.</summary>
    public static (AbArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args, bool legacy = false)
    {
        var positional = new List<string>();
        var blocks = 3;
        int? seed = null;
        var minimumEffect = 0.02;
        var output = Path.Combine(Directory.GetCurrentDirectory(), "netperf-results", "ab");
        List<string> test = [];
        for (var i = 0; i < args.Count; i++)
        {
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (args[i])
            {
                case "--":
                    test = args.Skip(i + 1).ToList();
                    i = args.Count;
                    break;
                case "--blocks":
                    if (!int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out blocks) || blocks < 1 || blocks > 1000)
                    {
                        return (null, "--blocks needs a whole number from 1 to 1000 (ABBA blocks; each is 4 runs).");
                    }

                    break;
                case "--seed":
                    if (!int.TryParse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s))
                    {
                        return (null, "--seed needs a whole number.");
                    }

                    seed = s;
                    break;
                case "--min-effect":
                    if (!double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out minimumEffect) || minimumEffect < 0 || minimumEffect > 10)
                    {
                        return (null, "--min-effect needs a fraction from 0 to 10 (0.02 = 2%).");
                    }

                    break;
                case "--output":
                    output = Next() ?? string.Empty;
                    if (output.Length == 0)
                    {
                        return (null, "--output needs a folder.");
                    }

                    break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        return (null, $"unknown option '{args[i]}'.");
                    }

                    positional.Add(args[i]);
                    break;
            }
        }

        if (legacy && positional.Count == 1)
        {
            positional.Add("options:");
        }

        if (positional.Count != 2)
        {
            return (null, legacy
                ? $"needs the LEGACY_BUILD and at most one NEW_BUILD (got {positional.Count})."
                : $"needs exactly a BASELINE and a CANDIDATE (got {positional.Count}).");
        }

        if (test.Count == 0)
        {
            return (null, "needs the test after '--' (e.g. -- CpuWorkTest --duration 2).");
        }

        return (new AbArguments
        {
            Baseline = positional[0],
            Candidate = positional[1],
            Blocks = blocks,
            Seed = seed,
            MinimumEffect = minimumEffect,
            OutputDirectory = Path.GetFullPath(output),
            TestArguments = test,
            Legacy = legacy,
        }, null);
    }
}
