using Netperf.Results.Detection;
using Netperf.Results.Series;

namespace Netperf.Results.Tests.Detection;

public sealed class ChangePointDetectorTests
{
    private readonly ChangePointDetector _detector = new();

    [Fact]
    public void Analyze_StepDownWithManyPointsAfter_ConfirmedWithLevelsEffectIntervalAndCommits()
    {
        var points = GeneratedSeries.Points("tput", GeneratedSeries.Step(new Random(1), 40, 0.02, 25, 0.8));

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points);

        Assert.Equal(RegressionVerdict.Confirmed, analysis.Verdict);
        var change = Assert.Single(analysis.Changes);
        Assert.Same(change, analysis.Culprit);
        Assert.Equal(25, change.Index);
        Assert.Equal(ChangeDirection.Regression, change.Direction);
        Assert.InRange(change.Before, 980, 1020);
        Assert.InRange(change.After, 780, 820);
        Assert.InRange(change.Effect, -0.22, -0.18);
        Assert.True(change.EffectLow < change.Effect && change.Effect < change.EffectHigh, $"{change.EffectLow} < {change.Effect} < {change.EffectHigh}");
        Assert.True(change.EffectHigh < -0.15);
        Assert.Equal(("c024", "c025"), (change.CommitBefore, change.CommitAfter));
        Assert.Equal(["vm-b", "vm-a"], change.MachinesAfter);
        Assert.Equal(15, change.PointsAfter);
    }

    [Fact]
    public void Analyze_DropInTheLastTwoPoints_SuspectedNotConfirmed()
    {
        var values = GeneratedSeries.Stationary(new Random(2), 30, 0.03);
        values[^1] *= 0.05;
        values[^2] *= 0.04;
        var points = GeneratedSeries.Points("tput", values);

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points);

        Assert.Equal(RegressionVerdict.Suspected, analysis.Verdict);
        Assert.Equal(28, analysis.Culprit!.Index);
        Assert.False(analysis.Culprit.Confirmed);
        Assert.Equal(2, analysis.Culprit.PointsAfter);
    }

    [Fact]
    public void Analyze_LastPointFarBelowEverything_Suspected()
    {
        var values = GeneratedSeries.Stationary(new Random(3), 30, 0.03);
        values[^1] *= 0.04;
        var points = GeneratedSeries.Points("tput", values);

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points);

        Assert.Equal(RegressionVerdict.Suspected, analysis.Verdict);
        Assert.Equal(ChangeMethod.Tail, analysis.Culprit!.Method);
        Assert.Equal(29, analysis.Culprit.Index);
    }

    [Fact]
    public void Analyze_DropThenBackToTheOldLevel_RecoveredRegressionAndAnImprovement()
    {
        var random = new Random(4);
        var values = Enumerable.Range(0, 60).Select(i => 1000 * (i is >= 20 and < 40 ? 0.85 : 1) * (1 + (0.02 * GeneratedSeries.Gaussian(random)))).ToArray();
        var points = GeneratedSeries.Points("tput", values);

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points);

        Assert.Equal(RegressionVerdict.Recovered, analysis.Verdict);
        Assert.Equal([20, 40], analysis.Changes.Select(c => c.Index));
        Assert.True(analysis.Changes[0].Recovered);
        Assert.Equal(ChangeDirection.Improvement, analysis.Changes[1].Direction);
    }

    [Fact]
    public void Analyze_LatencyInMsGoesUp_RegressionButThroughputGoingUpIsNot()
    {
        var values = GeneratedSeries.Step(new Random(5), 40, 0.02, 20, 1.3);

        var latency = _detector.Analyze(new SeriesKey("lat"), "ms", GeneratedSeries.Points("lat", values, "ms"));
        var throughput = _detector.Analyze(new SeriesKey("tput"), "ops/s", GeneratedSeries.Points("tput", values));

        Assert.Equal(RegressionVerdict.Confirmed, latency.Verdict);
        Assert.Equal(RegressionVerdict.None, throughput.Verdict);
        Assert.Equal(ChangeDirection.Improvement, Assert.Single(throughput.Changes).Direction);
    }

    [Fact]
    public void Analyze_SinceAfterTheRegression_ListedButNotCounted()
    {
        var points = GeneratedSeries.Points("tput", GeneratedSeries.Step(new Random(6), 40, 0.02, 10, 0.8));

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points, since: points[30].Timestamp);

        Assert.Single(analysis.Changes);
        Assert.Equal(RegressionVerdict.None, analysis.Verdict);
    }

    [Fact]
    public void Analyze_ChangeSmallerThanMinimumEffect_MergedAway()
    {
        var points = GeneratedSeries.Points("tput", GeneratedSeries.Step(new Random(7), 200, 0.002, 100, 0.99));

        var strict = new ChangePointDetector(new ChangePointOptions { MinimumEffect = 0 }).Analyze(points[0].Series, "ops/s", points);
        var defaults = _detector.Analyze(points[0].Series, "ops/s", points);

        Assert.Contains(strict.Changes, c => Math.Abs(c.Index - 100) <= 2);
        Assert.Empty(defaults.Changes);
    }

    [Fact]
    public void Analyze_OneWeekWithoutRunsInADailySeries_GapReported()
    {
        var points = GeneratedSeries.Points("tput", GeneratedSeries.Stationary(new Random(8), 30, 0.02)).ToList();
        for (var i = 15; i < points.Count; i++)
        {
            points[i] = points[i] with { Timestamp = points[i].Timestamp.AddDays(7) };
        }

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points);

        var gap = Assert.Single(analysis.Gaps);
        Assert.Equal(points[14].Timestamp, gap.From);
        Assert.Equal(points[15].Timestamp, gap.To);
        Assert.Equal(8, gap.TimesUsual, 3);
    }

    [Fact]
    public void Analyze_SameSeriesTwice_SameAnswer()
    {
        var points = GeneratedSeries.Points("tput", GeneratedSeries.TwoMode(new Random(9), 80, 0.1, 0.5));

        var first = _detector.Analyze(points[0].Series, "ops/s", points);
        var second = new ChangePointDetector().Analyze(points[0].Series, "ops/s", points);

        Assert.Equal(first.Changes.Select(c => (c.Index, c.PValue, c.EffectLow)), second.Changes.Select(c => (c.Index, c.PValue, c.EffectLow)));
    }

    [Fact]
    public void Analyze_TooFewPoints_NoChangeAndNoException()
    {
        var points = GeneratedSeries.Points("tput", [1000, 10]);

        var analysis = _detector.Analyze(points[0].Series, "ops/s", points);

        Assert.Equal(RegressionVerdict.None, analysis.Verdict);
        Assert.Empty(analysis.Changes);
    }
}
