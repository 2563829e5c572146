namespace Netperf.Perf.Latency;

/// <summary>The standard latency figures of a run, in nanoseconds.</summary>
public sealed record LatencyPercentiles
{
    /// <summary>The percentiles Netperf reports, in order.</summary>
    public static IReadOnlyList<double> Standard { get; } = [50, 75, 90, 99, 99.9, 99.99, 99.999];

    /// <summary>How many operations were measured.</summary>
    public long Count { get; init; }

    /// <summary>Median.</summary>
    public long P50 { get; init; }

    /// <summary>75th percentile.</summary>
    public long P75 { get; init; }

    /// <summary>90th percentile.</summary>
    public long P90 { get; init; }

    /// <summary>99th percentile.</summary>
    public long P99 { get; init; }

    /// <summary>99.9th percentile.</summary>
    public long P999 { get; init; }

    /// <summary>99.99th percentile.</summary>
    public long P9999 { get; init; }

    /// <summary>99.999th percentile.</summary>
    public long P99999 { get; init; }

    /// <summary>The largest value (exact).</summary>
    public long Max { get; init; }

    /// <summary>The mean.</summary>
    public double Mean { get; init; }

    /// <summary>Reads the standard figures from a histogram.</summary>
    /// <param name="histogram">The histogram.</param>
    public static LatencyPercentiles From(LatencyHistogram histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return new LatencyPercentiles
        {
            Count = histogram.TotalCount,
            P50 = histogram.GetValueAtPercentile(50),
            P75 = histogram.GetValueAtPercentile(75),
            P90 = histogram.GetValueAtPercentile(90),
            P99 = histogram.GetValueAtPercentile(99),
            P999 = histogram.GetValueAtPercentile(99.9),
            P9999 = histogram.GetValueAtPercentile(99.99),
            P99999 = histogram.GetValueAtPercentile(99.999),
            Max = histogram.MaxValue,
            Mean = histogram.GetMean(),
        };
    }

    /// <summary>The figures as (label, nanoseconds) pairs in report order.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> ToList() =>
    [
        new("p50", P50), new("p75", P75), new("p90", P90), new("p99", P99),
        new("p99.9", P999), new("p99.99", P9999), new("p99.999", P99999), new("max", Max),
    ];

    /// <summary>Formats nanoseconds for people: ns, µs, ms or s with 3 significant digits.</summary>
    /// <param name="nanoseconds">The value.</param>
    public static string Format(double nanoseconds) => nanoseconds switch
    {
        < 1_000 => $"{nanoseconds:0} ns",
        < 1_000_000 => $"{nanoseconds / 1_000:0.##} µs",
        < 1_000_000_000 => $"{nanoseconds / 1_000_000:0.##} ms",
        _ => $"{nanoseconds / 1_000_000_000:0.###} s",
    };
}
