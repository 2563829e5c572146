using Netperf.Results.Series;

namespace Netperf.Results.Tests.Detection;

/// <summary>Seeded series for the detection tests: a level times noise, Gaussian or two-mode.</summary>
internal static class GeneratedSeries
{
    public static double Gaussian(Random random)
    {
        // Box-Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>n points around 1000 with relative Gaussian noise.</summary>
    public static double[] Stationary(Random random, int n, double noise) =>
        [.. Enumerable.Range(0, n).Select(_ => 1000 * (1 + (noise * Gaussian(random))))];

    /// <summary>n points from two machines' modes (1000 and 1000 × (1 + gap)), the upper with probability share, each with 2% noise.</summary>
    public static double[] TwoMode(Random random, int n, double gap, double share) =>
        [.. Enumerable.Range(0, n).Select(_ => 1000 * (random.NextDouble() < share ? 1 + gap : 1) * (1 + (0.02 * Gaussian(random))))];

    /// <summary>Gaussian noise with the level multiplied by factor from index at on.</summary>
    public static double[] Step(Random random, int n, double noise, int at, double factor) =>
        [.. Enumerable.Range(0, n).Select(i => 1000 * (i >= at ? factor : 1) * (1 + (noise * Gaussian(random))))];

    public static IReadOnlyList<ResultPoint> Points(string name, double[] values, string unit = "ops/s", DateTimeOffset? start = null)
    {
        var key = new SeriesKey(name, [new("environment", "local")]);
        var t0 = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return [.. values.Select((v, i) => new ResultPoint
        {
            Series = key,
            Unit = unit,
            Timestamp = t0.AddDays(i),
            Value = v,
            Commit = "c" + i.ToString("000", System.Globalization.CultureInfo.InvariantCulture),
            Run = "r" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Machine = i % 2 == 0 ? "vm-a" : "vm-b",
        })];
    }
}
