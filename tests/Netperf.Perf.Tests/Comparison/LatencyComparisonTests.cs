using Netperf.Perf.Comparison;
using Netperf.Perf.Comparison.Internal;
using Netperf.Perf.Latency;

namespace Netperf.Perf.Tests.Comparison;

public sealed class LatencyComparisonTests
{
    private static readonly ComparisonOptions Options = new();

    [Fact]
    public void Compare_TwoRunsFromTheSameDistribution_NoChange()
    {
        var b = Iterations(seed: 1, scale: 1.0);
        var h = Iterations(seed: 2, scale: 1.0);

        var m = LatencyComparison.Compare("p99", 99, b, h, Options);

        Assert.Equal(ComparisonVerdict.NoChange, m.Verdict);
        Assert.Contains("95% CI", m.Basis);
    }

    [Fact]
    public void Compare_TwentyPercentSlower_Regressed()
    {
        var m = LatencyComparison.Compare("p99", 99, Iterations(seed: 1, scale: 1.0), Iterations(seed: 2, scale: 1.2), Options);

        Assert.Equal(ComparisonVerdict.Regressed, m.Verdict);
        Assert.InRange(m.Change, 0.15, 0.25);
    }

    [Fact]
    public void Compare_TwentyPercentFaster_Improved()
    {
        var m = LatencyComparison.Compare("p50", 50, Iterations(seed: 1, scale: 1.0), Iterations(seed: 2, scale: 0.8), Options);

        Assert.Equal(ComparisonVerdict.Improved, m.Verdict);
    }

    [Fact]
    public void Compare_OneIterationPerSide_NotJudgedEvenWhenFarApart()
    {
        var m = LatencyComparison.Compare("p99", 99, Iterations(seed: 1, scale: 1.0, count: 1), Iterations(seed: 2, scale: 1.5, count: 1), Options);

        Assert.Equal(ComparisonVerdict.NoChange, m.Verdict);
        Assert.StartsWith("not judged", m.Basis);
        Assert.Contains("iterations", m.Basis);
    }

    [Fact]
    public void Compare_TooFewOperationsForP99_NotJudged()
    {
        var m = LatencyComparison.Compare("p99", 99, Iterations(seed: 1, scale: 1.0, operations: 200), Iterations(seed: 2, scale: 2.0, operations: 200), Options);

        Assert.Equal(ComparisonVerdict.NoChange, m.Verdict);
        Assert.Contains(">= 1,000 operations", m.Basis);
    }

    [Fact]
    public void Compare_IterationsThatDisagreeWithEachOther_NoChangeFromRunToRunNoise()
    {
        // Each run's p99 wanders by +-25% from iteration to iteration: a 10% difference of the means is noise.
        var b = new[] { Histogram(1, 1.0), Histogram(2, 1.25), Histogram(3, 0.8) };
        var h = new[] { Histogram(4, 1.3), Histogram(5, 0.85), Histogram(6, 1.1) };

        var m = LatencyComparison.Compare("p99", 99, b, h, Options);

        Assert.Equal(ComparisonVerdict.NoChange, m.Verdict);
    }

    private static LatencyHistogram[] Iterations(int seed, double scale, int count = 3, int operations = 20_000) =>
        Enumerable.Range(0, count).Select(i => Histogram((seed * 100) + i, scale, operations)).ToArray();

    private static LatencyHistogram Histogram(int seed, double scale, int operations = 20_000)
    {
        var random = new Random(seed);
        var histogram = new LatencyHistogram();
        for (var i = 0; i < operations; i++)
        {
            // Exponential around 10 µs: a tail worth a p99.
            histogram.Record((long)(-Math.Log(1 - random.NextDouble()) * 10_000 * scale));
        }

        return histogram;
    }
}
