using Netperf.Results.Detection;
using Netperf.Results.Series;
using Xunit.Abstractions;

namespace Netperf.Results.Tests.Detection;

/// <summary>
/// The detection's stated error rates on seeded generated series (docs/results.md): false alarms on stationary
/// noise, power and location on a step, and the last-points drop. Each test prints the rate it measured.
/// </summary>
public sealed class DetectionErrorRateTests(ITestOutputHelper output)
{
    private const int SeriesPerCase = 200;
    private const int Length = 60;

    [Theory]
    [InlineData(0.03)]
    [InlineData(0.05)]
    [InlineData(0.10)]
    public void Analyze_StationaryGaussianNoise_FalseAlarmsInAtMostFivePercentOfSeries(double noise)
    {
        var random = new Random(1000 + (int)(noise * 100));
        var alarms = CountAlarms(i => GeneratedSeries.Stationary(random, Length, noise));

        output.WriteLine($"noise {noise:P0}: {alarms}/{SeriesPerCase} series with a change");
        Assert.True(alarms <= SeriesPerCase * 5 / 100, $"{alarms} of {SeriesPerCase} stationary series had a change (allowed 5%).");
    }

    [Theory]
    [InlineData(0.10, 0.5)]
    [InlineData(0.15, 0.2)]
    [InlineData(0.05, 0.5)]
    public void Analyze_TwoModeNoise_FalseAlarmsInAtMostFivePercentOfSeries(double gap, double share)
    {
        var random = new Random(2000 + (int)(gap * 100) + (int)(share * 10));
        var alarms = CountAlarms(i => GeneratedSeries.TwoMode(random, Length, gap, share));

        output.WriteLine($"two modes {gap:P0} apart, upper share {share:P0}: {alarms}/{SeriesPerCase} series with a change");
        Assert.True(alarms <= SeriesPerCase * 5 / 100, $"{alarms} of {SeriesPerCase} two-mode series had a change (allowed 5%).");
    }

    [Fact]
    public void Analyze_TenPercentStepUnderThreePercentNoise_FoundWithinThreePointsInAtLeast95Percent()
    {
        var random = new Random(3000);
        var detector = new ChangePointDetector();
        var found = 0;
        var confirmed = 0;
        for (var s = 0; s < SeriesPerCase; s++)
        {
            var at = random.Next(10, Length - 10);
            var points = GeneratedSeries.Points("step" + s, GeneratedSeries.Step(random, Length, 0.03, at, 0.9));

            var analysis = detector.Analyze(points[0].Series, "ops/s", points);

            var hit = analysis.Changes.FirstOrDefault(c => Math.Abs(c.Index - at) <= 3 && c.Direction == ChangeDirection.Regression);
            found += hit is null ? 0 : 1;
            confirmed += analysis.Verdict == RegressionVerdict.Confirmed ? 1 : 0;
        }

        output.WriteLine($"10% step, 3% noise: found within 3 points in {found}/{SeriesPerCase}, confirmed in {confirmed}/{SeriesPerCase}");
        Assert.True(found >= SeriesPerCase * 95 / 100, $"found in {found} of {SeriesPerCase} (need 95%).");
    }

    [Fact]
    public void Analyze_NinetyPercentDropInLastTwoOfTwentyPointsUnderTwentyPercentNoise_AtLeastSuspected()
    {
        var random = new Random(4000);
        var detector = new ChangePointDetector();
        var flagged = 0;
        for (var s = 0; s < SeriesPerCase; s++)
        {
            var points = GeneratedSeries.Points("drop" + s, GeneratedSeries.Step(random, 20, 0.20, 18, 0.1));

            var analysis = detector.Analyze(points[0].Series, "ops/s", points);

            var drop = analysis.Changes.Any(c => c.Index >= 17 && c.Direction == ChangeDirection.Regression && !c.Recovered);
            flagged += drop && analysis.Verdict is RegressionVerdict.Suspected or RegressionVerdict.Confirmed ? 1 : 0;
        }

        output.WriteLine($"90% drop in the last 2 of 20 points, 20% noise: at least suspected in {flagged}/{SeriesPerCase}");
        Assert.Equal(SeriesPerCase, flagged);
    }

    private static int CountAlarms(Func<int, double[]> generate)
    {
        var detector = new ChangePointDetector();
        var alarms = 0;
        for (var s = 0; s < SeriesPerCase; s++)
        {
            var points = GeneratedSeries.Points("series" + s, generate(s));
            var analysis = detector.Analyze(points[0].Series, "ops/s", points);
            alarms += analysis.Changes.Count > 0 ? 1 : 0;
        }

        return alarms;
    }
}
