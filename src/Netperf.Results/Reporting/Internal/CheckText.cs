using System.Text;
using Netperf.Results.Detection;

namespace Netperf.Results.Reporting.Internal;

/// <summary>The console table of <c>results check</c>: one row per series with a regression, worst first, then the gaps.</summary>
internal static class CheckText
{
    public static string Format(CheckReport report)
    {
        var text = new StringBuilder();
        text.AppendLine(report.Scope);
        text.AppendLine($"Store: {report.Store}. {ReportText.Summary(report)}");
        var flagged = report.Series.Where(s => s.Verdict != RegressionVerdict.None && s.Culprit is not null)
            .OrderBy(s => s.Verdict switch { RegressionVerdict.Confirmed => 0, RegressionVerdict.Suspected => 1, _ => 2 })
            .ThenBy(s => s.Key.Canonical, StringComparer.Ordinal).ToList();
        if (flagged.Count > 0)
        {
            var rows = flagged.Select(s => new[]
            {
                ReportText.Verdict(s.Verdict),
                ReportText.Time(s.Culprit!.Timestamp),
                $"{ReportText.Value(s.Culprit.Before)} -> {ReportText.Value(s.Culprit.After)} {s.Unit}",
                ReportText.Effect(s.Culprit),
                s.Culprit.PointsAfter.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportText.Commits(s.Culprit),
                s.Key.Canonical,
            }).ToList();
            string[] header = ["VERDICT", "WHEN", "BEFORE -> AFTER", "EFFECT [95% CI]", "AFTER", "COMMITS", "SERIES"];
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            text.AppendLine();
            Row(text, header, widths);
            foreach (var row in rows)
            {
                Row(text, row, widths);
            }
        }

        var gaps = report.Series.SelectMany(s => s.Gaps.Select(g => (s.Key, Gap: g))).ToList();
        if (gaps.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Gaps longer than usual:");
            foreach (var (key, gap) in gaps)
            {
                text.AppendLine($"  {ReportText.Time(gap.From)} .. {ReportText.Time(gap.To)} ({gap.TimesUsual:0.#}x the usual interval)  {key.Canonical}");
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            text.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 2));
        }

        text.AppendLine();
    }
}
