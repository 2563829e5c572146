using Netperf.Perf.Comparison;
using Netperf.Perf.Comparison.Internal;

namespace Netperf.Perf.Tests.Comparison;

public sealed class AbStatisticsTests
{
    [Fact]
    public void Analyse_SameSideTwice_NoChange()
    {
        var result = AbStatistics.Analyse(Pairs(1.0, seed: 1), 0.02);

        Assert.Equal(ComparisonVerdict.NoChange, result.Verdict);
        Assert.True(result.Low < 0 && result.High > 0, $"CI [{result.Low}, {result.High}] should contain 0");
    }

    [Fact]
    public void Analyse_CandidateTenPercentSlower_RegressedWithTheEffectInsideTheInterval()
    {
        var result = AbStatistics.Analyse(Pairs(1 / 1.1, seed: 2), 0.02);

        Assert.Equal(ComparisonVerdict.Regressed, result.Verdict);
        Assert.InRange(-0.0909, result.Low, result.High);
    }

    [Fact]
    public void Analyse_CandidateFaster_Improved()
    {
        Assert.Equal(ComparisonVerdict.Improved, AbStatistics.Analyse(Pairs(1.1, seed: 3), 0.02).Verdict);
    }

    [Fact]
    public void Analyse_SmallerThanTheMinimumEffect_NoChangeEvenWhenSignificant()
    {
        var pairs = Enumerable.Range(0, 6).Select(i => (1000.0, 990.0 + (i * 0.01))).ToList();

        Assert.Equal(ComparisonVerdict.NoChange, AbStatistics.Analyse(pairs, 0.02).Verdict);
    }

    [Fact]
    public void Analyse_OnePairDisturbed_ReportedAsOutlierAndLeftOut()
    {
        var pairs = Pairs(1.0, seed: 4);
        pairs[3] = (pairs[3].A, pairs[3].A * 0.5);

        var result = AbStatistics.Analyse(pairs, 0.02);

        Assert.Equal([3], result.Outliers);
        Assert.Equal(ComparisonVerdict.NoChange, result.Verdict);
        Assert.True(result.EffectWithOutliers < -0.05, "the effect with the outlier is reported too");
        Assert.Equal(pairs.Count - 1, result.PairsUsed);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(5, 2.571)]
    [InlineData(30, 2.042)]
    public void StudentT_KnownDegreesOfFreedom_MatchesTheTable(int df, double expected)
    {
        Assert.Equal(expected, AbStatistics.StudentT(df, 0.95), 2);
    }

    private static List<(double A, double B)> Pairs(double factor, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 6)
            .Select(_ => (1000 * (1 + ((random.NextDouble() - 0.5) * 0.02)), 1000 * factor * (1 + ((random.NextDouble() - 0.5) * 0.02))))
            .ToList();
    }
}
