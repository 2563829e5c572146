namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// Noise-aware verdicts. Throughput: Welch's t-test on per-iteration ops/s (per-interval ops/s when a
/// side has a single iteration) plus a minimum effect size. Latency percentiles: the head and base
/// ranges over their samples must not overlap, plus the minimum effect size.
/// </summary>
internal static class ResultComparer
{
    public static IReadOnlyList<TestComparison> Compare(
        IReadOnlyList<TestSamples> baseSide, IReadOnlyList<TestSamples> headSide, ComparisonOptions options)
    {
        var result = new List<TestComparison>();
        foreach (var head in headSide)
        {
            var @base = baseSide.FirstOrDefault(b => b.Test == head.Test);
            if (@base is null)
            {
                continue;
            }

            var metrics = new List<MetricComparison> { CompareThroughput(@base, head, options) };
            foreach (var (name, headValues) in head.Latency)
            {
                if (@base.Latency.TryGetValue(name, out var baseValues) && baseValues.Count > 0 && headValues.Count > 0)
                {
                    metrics.Add(CompareLatency(name, baseValues, headValues, options));
                }
            }

            result.Add(new TestComparison(head.Test, metrics));
        }

        return result;
    }

    internal static MetricComparison CompareThroughput(TestSamples @base, TestSamples head, ComparisonOptions options)
    {
        var b = PickThroughput(@base, out var bBasis);
        var h = PickThroughput(head, out var hBasis);
        var mb = b.Count == 0 ? 0 : b.Average();
        var mh = h.Count == 0 ? 0 : h.Average();
        var change = mb == 0 ? 0 : (mh - mb) / mb;
        var direction = change > 0 ? ComparisonVerdict.Improved : ComparisonVerdict.Regressed;
        if (Math.Abs(change) < options.MinimumEffect || b.Count == 0 || h.Count == 0)
        {
            return new MetricComparison("ops/s", mb, mh, change, ComparisonVerdict.NoChange, $"below the {options.MinimumEffect:P0} minimum effect");
        }

        if (b.Count < 2 || h.Count < 2)
        {
            return new MetricComparison("ops/s", mb, mh, change, direction, "single sample: minimum effect only, no noise estimate");
        }

        var p = WelchTTest.PValue(b, h);
        var basis = $"Welch t-test p={p:0.####} ({b.Count} {bBasis} vs {h.Count} {hBasis})";
        return new MetricComparison("ops/s", mb, mh, change, p < options.SignificanceLevel ? direction : ComparisonVerdict.NoChange, basis);
    }

    internal static MetricComparison CompareLatency(string name, List<double> b, List<double> h, ComparisonOptions options)
    {
        var mb = Median(b);
        var mh = Median(h);
        var change = mb == 0 ? 0 : (mh - mb) / mb;
        var overlap = b.Min() <= h.Max() && h.Min() <= b.Max();
        var verdict = Math.Abs(change) < options.MinimumEffect || overlap
            ? ComparisonVerdict.NoChange
            : change > 0 ? ComparisonVerdict.Regressed : ComparisonVerdict.Improved;
        var basis = overlap ? "ranges overlap" : $"ranges apart ({b.Count} vs {h.Count} samples)";
        return new MetricComparison(name, mb, mh, change, verdict, basis);
    }

    private static List<double> PickThroughput(TestSamples side, out string basis)
    {
        if (side.OperationsPerSecond.Count >= 2 || side.IntervalOperationsPerSecond.Count < 2)
        {
            basis = "iterations";
            return side.OperationsPerSecond;
        }

        basis = "intervals";
        return side.IntervalOperationsPerSecond;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
