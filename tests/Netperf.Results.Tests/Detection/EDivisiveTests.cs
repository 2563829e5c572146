using Netperf.Results.Detection;
using Netperf.Results.Detection.Internal;

namespace Netperf.Results.Tests.Detection;

public sealed class EDivisiveTests
{
    [Theory]
    [InlineData(7, 12)]
    [InlineData(11, 40)]
    [InlineData(13, 5)]
    public void Find_SplitOfOnePass_SameAsTheQuadraticDefinition(int seed, int n)
    {
        var random = new Random(seed);
        var values = Enumerable.Range(0, n).Select(i => (i < n / 3 ? 100 : 90) + (5 * GeneratedSeries.Gaussian(random))).ToArray();
        values[n / 2] = values[(n / 2) - 1]; // a tie

        var expected = Enumerable.Range(2, n - 3).MaxBy(t => Q(values, t));
        var found = new EDivisive(new ChangePointOptions { Significance = 0.2, MinimumSegment = 2 }, seed).Find(values);

        if (found.Count > 0)
        {
            Assert.Contains(found, f => f.Index == expected);
        }
        else
        {
            Assert.True(n < 8, $"a change of 10% under 5% noise in {n} points was not found");
        }
    }

    [Fact]
    public void Find_ConstantSeries_NoChange()
    {
        Assert.Empty(new EDivisive(new ChangePointOptions(), 1).Find(Enumerable.Repeat(42.0, 50).ToArray()));
    }

    [Fact]
    public void Find_TwoSteps_BothFound()
    {
        var random = new Random(5);
        var values = Enumerable.Range(0, 90).Select(i => (i < 30 ? 100.0 : i < 60 ? 80 : 100) * (1 + (0.02 * GeneratedSeries.Gaussian(random)))).ToArray();

        var found = new EDivisive(new ChangePointOptions(), 5).Find(values);

        Assert.Equal([30, 60], found.Select(f => f.Index));
        Assert.All(found, f => Assert.True(f.PValue <= 0.01));
    }

    /// <summary>Q(τ) straight from the definition (Matteson and James), O(n²).</summary>
    private static double Q(double[] x, int tau)
    {
        int a = tau, b = x.Length - tau;
        double cross = 0, left = 0, right = 0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = i + 1; j < x.Length; j++)
            {
                var d = Math.Abs(x[i] - x[j]);
                if (j < tau)
                {
                    left += d;
                }
                else if (i >= tau)
                {
                    right += d;
                }
                else
                {
                    cross += d;
                }
            }
        }

        var energy = (2 * cross / (a * b)) - (left / (a * (a - 1) / 2.0)) - (right / (b * (b - 1) / 2.0));
        return a * b / (double)(a + b) * energy;
    }
}
