namespace Netperf.Results.Detection.Internal;

/// <summary>Small robust statistics over spans.</summary>
internal static class Statistics
{
    public static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return values.Length == 0 ? double.NaN : sum / values.Length;
    }

    public static double Median(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        var copy = values.ToArray();
        Array.Sort(copy);
        var mid = copy.Length / 2;
        return copy.Length % 2 == 1 ? copy[mid] : (copy[mid - 1] + copy[mid]) / 2;
    }

    /// <summary>The sample standard deviation around <paramref name="mean"/>.</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values, double mean)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return values.Length < 2 ? 0 : Math.Sqrt(sum / (values.Length - 1));
    }

    /// <summary>The relative change from <paramref name="before"/> to <paramref name="after"/>.</summary>
    public static double Relative(double before, double after) =>
        before != 0 ? (after - before) / Math.Abs(before) : after == 0 ? 0 : Math.Sign(after) * double.PositiveInfinity;

    /// <summary>A percentile bootstrap interval of the relative change of means between two samples.</summary>
    public static (double Low, double High) BootstrapRelative(ReadOnlySpan<double> before, ReadOnlySpan<double> after, int resamples, double level, SeededRandom random)
    {
        var effects = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            effects[r] = Relative(ResampledMean(before, random), ResampledMean(after, random));
        }

        Array.Sort(effects);
        var tail = (1 - level) / 2;
        return (Quantile(effects, tail), Quantile(effects, 1 - tail));
    }

    private static double ResampledMean(ReadOnlySpan<double> values, SeededRandom random)
    {
        var sum = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[random.Next(values.Length)];
        }

        return sum / values.Length;
    }

    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
