using System.Text;
using Netperf.Results.Detection;

namespace Netperf.Results.Reporting.Internal;

/// <summary>The Markdown summary of a check, for <c>$GITHUB_STEP_SUMMARY</c> (GitHub-flavoured tables).</summary>
internal static class MarkdownSummary
{
    public static string Format(CheckReport report)
    {
        int Count(RegressionVerdict v) => report.Series.Count(s => s.Verdict == v);
        var text = new StringBuilder();
        var confirmed = Count(RegressionVerdict.Confirmed);
        var suspected = Count(RegressionVerdict.Suspected);
        text.AppendLine(confirmed > 0 ? $"### Netperf results: {confirmed} confirmed regression{(confirmed == 1 ? string.Empty : "s")}"
            : suspected > 0 ? $"### Netperf results: {suspected} suspected regression{(suspected == 1 ? string.Empty : "s")}"
            : "### Netperf results: no regression");
        text.AppendLine();
        text.AppendLine(report.Scope + " " + ReportText.Summary(report));
        var flagged = report.Series.Where(s => s.Culprit is not null && s.Verdict != RegressionVerdict.None)
            .OrderBy(s => s.Verdict switch { RegressionVerdict.Confirmed => 0, RegressionVerdict.Suspected => 1, _ => 2 }).ToList();
        if (flagged.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| verdict | series | when | before → after | effect (95% CI) | points after | commits |");
            text.AppendLine("| --- | --- | --- | --- | --- | ---: | --- |");
            foreach (var s in flagged)
            {
                var c = s.Culprit!;
                var icon = s.Verdict switch { RegressionVerdict.Confirmed => "🔴", RegressionVerdict.Suspected => "🟠", _ => "🟢" };
                var labels = s.Key.Labels.Count == 0 ? string.Empty : "<br>" + Escape(string.Join(" · ", s.Key.Labels.Select(l => $"{l.Key}={l.Value}")));
                text.AppendLine($"| {icon} {ReportText.Verdict(s.Verdict)} | `{Escape(s.Key.Name)}`{labels} | {ReportText.Time(c.Timestamp)} | " +
                    $"{ReportText.Value(c.Before)} → {ReportText.Value(c.After)} {Escape(s.Unit)} | {ReportText.Effect(c, "(", ")")} | {c.PointsAfter} | " +
                    $"`{Escape(ReportText.Commit(c.CommitBefore))}`..`{Escape(ReportText.Commit(c.CommitAfter))}` |");
            }
        }

        var gaps = report.Series.Sum(s => s.Gaps.Count);
        if (gaps > 0)
        {
            text.AppendLine();
            text.AppendLine($"{gaps} gap{(gaps == 1 ? string.Empty : "s")} longer than usual; see `results check` for the list.");
        }

        return text.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
