namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// Noise-aware verdicts. Throughput: the files' own ops/s shown, judged by Welch's t-test on per-iteration
/// ops/s (per-interval ops/s when a side has a single iteration) plus a minimum effect size. Latency
/// percentiles (p50, p99 of service time and, for paced runs, of corrected latency): a bootstrap over the
/// recorded histograms, per iteration (<see cref="LatencyComparison"/>), judged only with enough operations and iterations.
/// </summary>
internal static class ResultComparer
{
    public static IReadOnlyList<TestComparison> Compare(
        IReadOnlyList<TestSamples> baseSide, IReadOnlyList<TestSamples> headSide, ComparisonOptions options)
    {
        var result = new List<TestComparison>();
        foreach (var head in headSide)
        {
            // Same name, or a legacy test against its counterpart (Legacy<Name> vs <Name>, legacy-vs-new runs).
            var @base = baseSide.FirstOrDefault(b => b.Test == head.Test) ?? baseSide.FirstOrDefault(b => b.Test == "Legacy" + head.Test);
            if (@base is null)
            {
                continue;
            }

            var metrics = new List<MetricComparison> { CompareThroughput(@base, head, options) };
            foreach (var (kind, prefix) in new[] { ("service", string.Empty), ("corrected", "c") })
            {
                if (@base.Histograms.TryGetValue(kind, out var b) && head.Histograms.TryGetValue(kind, out var h) && b.Count > 0 && h.Count > 0)
                {
                    metrics.Add(LatencyComparison.Compare(prefix + "p50", 50, b, h, options));
                    metrics.Add(LatencyComparison.Compare(prefix + "p99", 99, b, h, options));
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
        var mb = @base.ShownOperationsPerSecond;
        var mh = head.ShownOperationsPerSecond;
        var change = mb == 0 ? 0 : (mh - mb) / mb;
        var direction = change > 0 ? ComparisonVerdict.Improved : ComparisonVerdict.Regressed;
        if (Math.Abs(change) < options.MinimumEffect || b.Count == 0 || h.Count == 0)
        {
            return new MetricComparison("ops/s", mb, mh, change, ComparisonVerdict.NoChange, $"below the {options.MinimumEffect:0.#%} minimum effect");
        }

        if (b.Count < 2 || h.Count < 2)
        {
            return new MetricComparison("ops/s", mb, mh, change, ComparisonVerdict.NoChange, "not judged: a single sample on a side gives no noise estimate (use -i 2 or more)");
        }

        var p = WelchTTest.PValue(b, h);
        var basis = $"Welch t-test p={p:0.####} ({b.Count} {bBasis} vs {h.Count} {hBasis})";
        return new MetricComparison("ops/s", mb, mh, change, p < options.SignificanceLevel ? direction : ComparisonVerdict.NoChange, basis);
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
}
