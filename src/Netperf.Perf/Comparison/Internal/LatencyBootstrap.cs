using Netperf.Perf.Latency;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// A percentile of two sides' recorded latency histograms compared by a two-level bootstrap: each replicate
/// resamples the side's iterations with replacement (run-to-run noise) and then the operations within them
/// (sampling noise of the percentile), giving a confidence interval of the relative change.
/// </summary>
/// <remarks>
/// Resampling the operations of a histogram is done through the percentile's rank, not value by value: the
/// q-quantile of n values drawn with replacement is the original sample's value at a rank that is binomial
/// (n, q), i.e. close to normal with mean qn and variance nq(1-q) for the sample sizes this is used with
/// (at least <see cref="MinimumBeyond"/> values beyond the percentile). Seeded, so a comparison is repeatable.
/// </remarks>
internal static class LatencyBootstrap
{
    /// <summary>Values a side must have beyond the percentile (e.g. 1,000 operations for p99) to be judged at all.</summary>
    public const int MinimumBeyond = 10;

    /// <summary>Iterations each side needs: with one, run-to-run noise is unknown and a percentile shift cannot be told from it.</summary>
    public const int MinimumIterations = 2;

    private const int Replicates = 2000;
    private const int Seed = 18;

    public static MetricComparison Compare(string name, double percentile, IReadOnlyList<LatencyHistogram> b, IReadOnlyList<LatencyHistogram> h, ComparisonOptions options, double confidence = 0.95)
    {
        var mb = Merged(b).GetValueAtPercentile(percentile);
        var mh = Merged(h).GetValueAtPercentile(percentile);
        var change = mb == 0 ? 0 : (double)(mh - mb) / mb;
        var q = percentile / 100;
        var needed = (long)Math.Ceiling(MinimumBeyond / (1 - q));
        var nb = b.Sum(x => x.TotalCount);
        var nh = h.Sum(x => x.TotalCount);
        if (nb < needed || nh < needed)
        {
            return new MetricComparison(name, mb, mh, change, ComparisonVerdict.NoChange,
                $"not judged: {nb:N0} vs {nh:N0} operations, p{percentile:0.##} needs >= {needed:N0} per side");
        }

        if (b.Count < MinimumIterations || h.Count < MinimumIterations)
        {
            return new MetricComparison(name, mb, mh, change, ComparisonVerdict.NoChange,
                $"not judged: {b.Count} vs {h.Count} iterations; latency needs >= {MinimumIterations} per side (-i) to tell a shift from run-to-run noise");
        }

        var random = new Random(Seed);
        var ratios = new double[Replicates];
        var scratch = new LatencyHistogram();
        for (var r = 0; r < Replicates; r++)
        {
            var vb = Replicate(b, q, random, scratch);
            var vh = Replicate(h, q, random, scratch);
            ratios[r] = vb <= 0 ? 0 : (vh - vb) / vb;
        }

        Array.Sort(ratios);
        var alpha = (1 - confidence) / 2;
        var low = ratios[(int)Math.Floor(alpha * (Replicates - 1))];
        var high = ratios[(int)Math.Ceiling((1 - alpha) * (Replicates - 1))];
        var direction = change > 0 ? ComparisonVerdict.Regressed : ComparisonVerdict.Improved;
        var significant = low > 0 || high < 0;
        var verdict = significant && Math.Abs(change) >= options.MinimumEffect ? direction : ComparisonVerdict.NoChange;
        var basis = FormattableString.Invariant(
            $"bootstrap {confidence:0%} CI [{low:+0.0%;-0.0%;0.0%}, {high:+0.0%;-0.0%;0.0%}] ({b.Count} vs {h.Count} iterations, {nb:N0} vs {nh:N0} ops)");
        if (significant && verdict == ComparisonVerdict.NoChange)
        {
            basis += FormattableString.Invariant($", below the {options.MinimumEffect:0.#%} minimum effect");
        }

        return new MetricComparison(name, mb, mh, change, verdict, basis);
    }

    private static double Replicate(IReadOnlyList<LatencyHistogram> side, double q, Random random, LatencyHistogram scratch)
    {
        LatencyHistogram picked;
        if (side.Count == 1)
        {
            picked = side[0];
        }
        else
        {
            scratch.Reset();
            for (var i = 0; i < side.Count; i++)
            {
                scratch.Add(side[random.Next(side.Count)]);
            }

            picked = scratch;
        }

        var n = picked.TotalCount;
        var shifted = q + (Normal(random) * Math.Sqrt(q * (1 - q) / n));
        return picked.GetValueAtPercentile(Math.Clamp(shifted, 0, 1) * 100);
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

    // Box-Muller.
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
