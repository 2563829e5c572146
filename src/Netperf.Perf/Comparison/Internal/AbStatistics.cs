namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// The verdict of an interleaved A/B run from paired runs: each pair (A and B run back to back) gives a log
/// ratio ln(B/A) of ops/s; pairs whose ratio lies more than <see cref="OutlierMads"/> scaled median absolute
/// deviations from the median are outliers (reported, and left out of the estimate); the effect is the
/// geometric mean ratio with a Student-t confidence interval over the remaining pairs.
/// </summary>
internal static class AbStatistics
{
    /// <summary>How many scaled MADs from the median make a pair an outlier.</summary>
    public const double OutlierMads = 3.5;

    public static AbResult Analyse(IReadOnlyList<(double A, double B)> pairs, double minimumEffect, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var ratios = pairs.Select(p => Math.Log(p.B / p.A)).ToArray();
        var median = Median(ratios);
        var mad = 1.4826 * Median(ratios.Select(r => Math.Abs(r - median)).ToArray());
        var outliers = new List<int>();
        for (var i = 0; i < ratios.Length; i++)
        {
            if (mad > 0 && Math.Abs(ratios[i] - median) > OutlierMads * mad)
            {
                outliers.Add(i);
            }
        }

        var kept = ratios.Where((_, i) => !outliers.Contains(i)).ToArray();
        var allEffect = Math.Exp(ratios.Average()) - 1;
        if (kept.Length < 2)
        {
            return new AbResult(allEffect, double.NaN, double.NaN, ComparisonVerdict.NoChange, outliers, allEffect, kept.Length);
        }

        var mean = kept.Average();
        var sd = Math.Sqrt(kept.Sum(r => (r - mean) * (r - mean)) / (kept.Length - 1));
        var half = StudentT(kept.Length - 1, confidence) * sd / Math.Sqrt(kept.Length);
        var effect = Math.Exp(mean) - 1;
        var low = Math.Exp(mean - half) - 1;
        var high = Math.Exp(mean + half) - 1;
        var verdict = low > 0 && effect >= minimumEffect ? ComparisonVerdict.Improved
            : high < 0 && -effect >= minimumEffect ? ComparisonVerdict.Regressed
            : ComparisonVerdict.NoChange;
        return new AbResult(effect, low, high, verdict, outliers, allEffect, kept.Length);
    }

    /// <summary>The two-sided Student-t critical value for <paramref name="df"/> degrees of freedom.</summary>
    public static double StudentT(int df, double confidence)
    {
        // Two-sided tail of t: I_{df/(df+t^2)}(df/2, 1/2). Bisection on t; monotone in t.
        var alpha = 1 - confidence;
        double lo = 0, hi = 1000;
        for (var i = 0; i < 200; i++)
        {
            var t = (lo + hi) / 2;
            var tail = WelchTTest.RegularizedIncompleteBeta(df / (df + (t * t)), df / 2.0, 0.5);
            if (tail > alpha)
            {
                lo = t;
            }
            else
            {
                hi = t;
            }
        }

        return (lo + hi) / 2;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>An A/B effect (candidate over baseline, relative), its confidence interval and verdict.</summary>
/// <param name="Effect">Relative change of ops/s, outliers left out.</param>
/// <param name="Low">Lower confidence bound (NaN when too few pairs remain).</param>
/// <param name="High">Upper confidence bound.</param>
/// <param name="Verdict">Improved, regressed or no change.</param>
/// <param name="Outliers">Indexes of the pairs left out.</param>
/// <param name="EffectWithOutliers">The effect over every pair, outliers included.</param>
/// <param name="PairsUsed">Pairs the estimate rests on.</param>
internal sealed record AbResult(double Effect, double Low, double High, ComparisonVerdict Verdict, IReadOnlyList<int> Outliers, double EffectWithOutliers, int PairsUsed);
