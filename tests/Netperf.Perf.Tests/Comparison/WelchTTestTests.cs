using Netperf.Perf.Comparison.Internal;

namespace Netperf.Perf.Tests.Comparison;

public sealed class WelchTTestTests
{
    [Theory]
    [InlineData(2.0, 10, 0.07339)]
    [InlineData(2.228, 10, 0.05)]
    [InlineData(1.0, 4, 0.3739)]
    [InlineData(3.0, 30, 0.005398)]
    public void RegularizedIncompleteBeta_MatchesStudentTTable(double t, double df, double expectedTwoSidedP)
    {
        var p = WelchTTest.RegularizedIncompleteBeta(df / (df + (t * t)), df / 2, 0.5);

        Assert.Equal(expectedTwoSidedP, p, 3);
    }

    [Fact]
    public void PValue_ClearlyDifferentSamples_IsSmall()
    {
        double[] a = [100, 101, 99, 100.5, 99.5];
        double[] b = [90, 91, 89, 90.5, 89.5];

        Assert.True(WelchTTest.PValue(a, b) < 0.001);
        Assert.Equal(1.0, WelchTTest.PValue(a, a), 6);
    }
}
