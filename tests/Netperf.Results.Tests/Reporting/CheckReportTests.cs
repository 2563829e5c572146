using Netperf.Results.Detection;
using Netperf.Results.Series;
using Netperf.Results.Tests.Detection;

namespace Netperf.Results.Tests.Reporting;

public sealed class CheckReportTests
{
    [Fact]
    public void ToMarkdown_ConfirmedAndSuspected_HeadlineTableRowsWorstFirst()
    {
        var report = Report();

        var markdown = report.ToMarkdown();

        Assert.StartsWith("### Netperf results: 1 confirmed regression\n", markdown.Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("| verdict | series | when | before → after | effect (95% CI) | points after | commits |", markdown, StringComparison.Ordinal);
        var confirmed = markdown.IndexOf("🔴 confirmed", StringComparison.Ordinal);
        var suspected = markdown.IndexOf("🟠 suspected", StringComparison.Ordinal);
        Assert.True(confirmed > 0 && suspected > confirmed, markdown);
        Assert.Contains("`c024`..`c025`", markdown, StringComparison.Ordinal);
        Assert.Contains("environment=local", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void ToText_ConfirmedRegression_SaysTheScopeAndOneRowPerFlaggedSeries()
    {
        var text = Report().ToText();

        Assert.StartsWith("Compared within one bucket:", text, StringComparison.Ordinal);
        Assert.Contains("3 series: 1 confirmed, 1 suspected, 0 recovered, 1 without a regression; 0 gaps.", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split('\n').Count(l => l.StartsWith("confirmed", StringComparison.Ordinal) || l.StartsWith("suspected", StringComparison.Ordinal)));
    }

    private static CheckReport Report()
    {
        var detector = new ChangePointDetector();
        SeriesAnalysis Analyze(string name, double[] values) => detector.Analyze(GeneratedSeries.Points(name, values)[0].Series, "ops/s", GeneratedSeries.Points(name, values));
        var dropAtEnd = GeneratedSeries.Stationary(new Random(2), 30, 0.02);
        dropAtEnd[^1] *= 0.1;
        dropAtEnd[^2] *= 0.1;
        return new CheckReport
        {
            Store = "test.db",
            Request = new CheckRequest(),
            Series =
            [
                Analyze("a", GeneratedSeries.Step(new Random(1), 40, 0.02, 25, 0.8)),
                Analyze("b", dropAtEnd),
                Analyze("c", GeneratedSeries.Stationary(new Random(3), 30, 0.02)),
            ],
        };
    }
}
