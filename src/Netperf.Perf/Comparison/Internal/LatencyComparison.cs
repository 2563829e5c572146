using Netperf.Perf.Latency;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// A latency percentile of two sides compared from the recorded histograms, one value per iteration: the change
/// of the merged histograms' percentile is shown, and judged by a Welch t-interval on the iterations' log
/// percentiles (a ratio's confidence interval). Only iterations with enough operations beyond the percentile
/// count, and each side needs at least <see cref="MinimumIterations"/> of them.
/// </summary>
/// <remarks>
/// Why per iteration and not a bootstrap over the operations: a tail percentile on a shared machine moves from
/// run to run with the scheduler (a CPU-bound test's p99 went 0.3-4 ms between back-to-back runs at load 8-30)
/// far more than its sampling noise within a run, so a bootstrap over operations, or over as few as three
/// iterations, called such runs "regressed". The t-interval over iterations carries that spread, and with few
/// iterations it is wide, as it should be.
/// </remarks>
internal static class LatencyComparison
{
    /// <summary>Values an iteration must have beyond the percentile (e.g. 1,000 operations for p99) to count.</summary>
    public const int MinimumBeyond = 10;

    /// <summary>Iterations each side needs: with one, run-to-run noise is unknown and a percentile shift cannot be told from it.</summary>
    public const int MinimumIterations = 2;

    public static MetricComparison Compare(string name, double percentile, IReadOnlyList<LatencyHistogram> b, IReadOnlyList<LatencyHistogram> h, ComparisonOptions options, double confidence = 0.95)
    {
        var mb = Merged(b).GetValueAtPercentile(percentile);
        var mh = Merged(h).GetValueAtPercentile(percentile);
        var change = mb == 0 ? 0 : (double)(mh - mb) / mb;
        var needed = (long)Math.Ceiling(MinimumBeyond / (1 - (percentile / 100)));
        var vb = b.Where(x => x.TotalCount >= needed).Select(x => Math.Log(Math.Max(1, x.GetValueAtPercentile(percentile)))).ToList();
        var vh = h.Where(x => x.TotalCount >= needed).Select(x => Math.Log(Math.Max(1, x.GetValueAtPercentile(percentile)))).ToList();
        if (vb.Count < MinimumIterations || vh.Count < MinimumIterations)
        {
            var why = b.Count < MinimumIterations || h.Count < MinimumIterations
                ? $"{b.Count} vs {h.Count} iterations; latency needs >= {MinimumIterations} per side (-i 3 or more) to tell a shift from run-to-run noise"
                : $"{vb.Count} vs {vh.Count} iterations with >= {needed:N0} operations (p{percentile:0.##} needs that many per iteration)";
            return new MetricComparison(name, mb, mh, change, ComparisonVerdict.NoChange, "not judged: " + why);
        }

        var (meanB, varB) = WelchTTest.MeanVariance(vb);
        var (meanH, varH) = WelchTTest.MeanVariance(vh);
        var se2b = varB / vb.Count;
        var se2h = varH / vh.Count;
        var se = Math.Sqrt(se2b + se2h);
        var diff = meanH - meanB;
        double low, high;
        if (se == 0)
        {
            (low, high) = (Math.Exp(diff) - 1, Math.Exp(diff) - 1);
        }
        else
        {
            // Welch-Satterthwaite degrees of freedom, rounded down (a wider interval).
            var df = ((se2b + se2h) * (se2b + se2h)) / ((se2b * se2b / (vb.Count - 1)) + (se2h * se2h / (vh.Count - 1)));
            var t = AbStatistics.StudentT(Math.Max(1, (int)Math.Floor(df)), confidence);
            (low, high) = (Math.Exp(diff - (t * se)) - 1, Math.Exp(diff + (t * se)) - 1);
        }

        var direction = change > 0 ? ComparisonVerdict.Regressed : ComparisonVerdict.Improved;
        var significant = low > 0 || high < 0;
        var verdict = significant && Math.Abs(change) >= options.MinimumEffect ? direction : ComparisonVerdict.NoChange;
        var basis = FormattableString.Invariant(
            $"{confidence:0%} CI [{low:+0.0%;-0.0%;0.0%}, {high:+0.0%;-0.0%;0.0%}] over per-iteration p{percentile:0.##} ({vb.Count} vs {vh.Count} iterations, {b.Sum(x => x.TotalCount):N0} vs {h.Sum(x => x.TotalCount):N0} ops)");
        if (significant && verdict == ComparisonVerdict.NoChange)
        {
            basis += FormattableString.Invariant($", below the {options.MinimumEffect:0.#%} minimum effect");
        }

        return new MetricComparison(name, mb, mh, change, verdict, basis);
    }

    private static LatencyHistogram Merged(IReadOnlyList<LatencyHistogram> side)
    {
        if (side.Count == 1)
        {
            return side[0];
        }

        var merged = new LatencyHistogram();
        foreach (var histogram in side)
        {
            merged.Add(histogram);
        }

        return merged;
    }
}
