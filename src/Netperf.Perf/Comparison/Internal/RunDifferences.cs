namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// What differs between the runs of a comparison. Options that change what is measured (rate, sync, parallel,
/// the test's own options...) make the comparison meaningless: refused unless asked for. Options that only
/// change how much was measured (duration, warm-up, iterations) and the machine or runtime are warnings.
/// </summary>
internal sealed record RunDifferences(IReadOnlyList<string> Refusals, IReadOnlyList<string> Warnings)
{
    public static RunDifferences Find(IReadOnlyList<TestSamples> baseSide, IReadOnlyList<TestSamples> headSide)
    {
        var refusals = new List<string>();
        var warnings = new List<string>();
        var runs = baseSide.SelectMany(s => s.Runs).Concat(headSide.SelectMany(s => s.Runs)).ToList();
        if (runs.Count == 0)
        {
            return new RunDifferences(refusals, warnings);
        }

        // Each test against its own first run (several tests per side are fine; the same test must match).
        foreach (var group in runs.GroupBy(r => r.Test, StringComparer.Ordinal))
        {
            var first = group.First();
            foreach (var other in group.Skip(1))
            {
                foreach (var key in first.Options.Keys.Union(other.Options.Keys).Order(StringComparer.Ordinal))
                {
                    if (RunFingerprint.OutputOptions.Contains(key))
                    {
                        continue;
                    }

                    var a = first.Options.GetValueOrDefault(key, "(absent)");
                    var b = other.Options.GetValueOrDefault(key, "(absent)");
                    if (a != b)
                    {
                        var line = $"{group.Key}: option '{key}' is {a} in {Name(first)} but {b} in {Name(other)}";
                        (RunFingerprint.SampleSizeOptions.Contains(key) ? warnings : refusals).Add(line);
                    }
                }

                foreach (var key in first.Environment.Keys.Union(other.Environment.Keys).Order(StringComparer.Ordinal))
                {
                    var a = first.Environment.GetValueOrDefault(key, "(absent)");
                    var b = other.Environment.GetValueOrDefault(key, "(absent)");
                    if (a != b && !RunFingerprint.ExpectedEnvironmentDifferences.Contains(key))
                    {
                        warnings.Add($"{group.Key}: environment '{key}' is {a} in {Name(first)} but {b} in {Name(other)}");
                    }
                }
            }
        }

        return new RunDifferences(refusals.Distinct().ToList(), warnings.Distinct().ToList());
    }

    private static string Name(RunFingerprint run) => run.File.Length == 0 ? "a run" : Path.GetFileName(run.File);
}
