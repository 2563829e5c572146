using Netperf.Perf.Comparison;
using Netperf.Perf.Comparison.Internal;
using Netperf.Perf.Latency;

namespace Netperf.Perf.Tests.Comparison;

public sealed class ResultComparerTests
{
    private static readonly ComparisonOptions Options = new();

    [Fact]
    public void Compare_IdenticalInputs_NoChange()
    {
        var side = Side("NoOp", 1.0, new Random(1));

        var result = ResultComparer.Compare([side], [side], Options);

        Assert.Equal(ComparisonVerdict.NoChange, Assert.Single(result).Verdict);
    }

    [Fact]
    public void Compare_TwoRunsOfTheSameBuildWithNoise_NoChange()
    {
        var result = ResultComparer.Compare([Side("NoOp", 1.0, new Random(1))], [Side("NoOp", 1.0, new Random(2))], Options);

        Assert.Equal(ComparisonVerdict.NoChange, Assert.Single(result).Verdict);
    }

    [Fact]
    public void Compare_TenPercentFewerOpsAndSlowerLatency_Regressed()
    {
        var result = ResultComparer.Compare([Side("NoOp", 1.0, new Random(1))], [Side("NoOp", 0.9, new Random(2))], Options);

        var test = Assert.Single(result);
        Assert.Equal(ComparisonVerdict.Regressed, test.Verdict);
        var ops = test.Metrics.Single(m => m.Metric == "ops/s");
        Assert.Equal(ComparisonVerdict.Regressed, ops.Verdict);
        Assert.InRange(ops.Change, -0.12, -0.08);
        Assert.Equal(ComparisonVerdict.Regressed, test.Metrics.Single(m => m.Metric == "p50").Verdict);
    }

    [Fact]
    public void Compare_TenPercentMoreOps_Improved()
    {
        var result = ResultComparer.Compare([Side("NoOp", 1.0, new Random(1))], [Side("NoOp", 1.1, new Random(2))], Options);

        Assert.Equal(ComparisonVerdict.Improved, Assert.Single(result).Verdict);
    }

    [Fact]
    public void CompareThroughput_LargeChangeHiddenInLargeNoise_NoChange()
    {
        var b = new TestSamples("T");
        var h = new TestSamples("T");
        b.OperationsPerSecond.AddRange([100, 140, 60, 120]);
        h.OperationsPerSecond.AddRange([90, 130, 50, 105]);

        var m = ResultComparer.CompareThroughput(b, h, Options);

        Assert.Equal(ComparisonVerdict.NoChange, m.Verdict);
        Assert.Contains("Welch", m.Basis);
    }

    [Fact]
    public void CompareThroughput_SingleIteration_UsesIntervalsAsNoise()
    {
        var b = new TestSamples("T");
        var h = new TestSamples("T");
        b.OperationsPerSecond.Add(1000);
        h.OperationsPerSecond.Add(800);
        b.IntervalOperationsPerSecond.AddRange([990, 1010, 1000, 1005, 995]);
        h.IntervalOperationsPerSecond.AddRange([790, 810, 800, 805, 795]);

        var m = ResultComparer.CompareThroughput(b, h, Options);

        Assert.Equal(ComparisonVerdict.Regressed, m.Verdict);
        Assert.Contains("intervals", m.Basis);
    }

    private static TestSamples Side(string test, double factor, Random random)
    {
        var side = new TestSamples(test);
        side.Histograms["service"] = [];
        for (var i = 0; i < 5; i++)
        {
            var noise = 1 + ((random.NextDouble() - 0.5) * 0.02);
            side.OperationsPerSecond.Add(1_000_000 * factor * noise);
            var histogram = new LatencyHistogram();
            for (var k = 0; k < 5000; k++)
            {
                histogram.Record((long)(1000 / factor * noise * (0.5 + random.NextDouble())));
            }

            side.Histograms["service"].Add(histogram);
        }

        return side;
    }
}
