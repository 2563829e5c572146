using System.Globalization;
using Netperf.Results.Detection;

namespace Netperf.Results.Reporting.Internal;

/// <summary>How the reports write values, effects, times and commits, the same way in every format.</summary>
internal static class ReportText
{
    public static string Value(double value)
    {
        var magnitude = Math.Abs(value);
        var format = magnitude >= 1000 ? "#,0" : magnitude >= 10 ? "0.0" : magnitude >= 0.1 ? "0.000" : "G4";
        return value.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Percent(double effect) =>
        double.IsFinite(effect) ? (effect * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%" : "n/a";

    public static string Effect(ChangePoint change, string open = "[", string close = "]") =>
        $"{Percent(change.Effect)} {open}{Percent(change.EffectLow)}, {Percent(change.EffectHigh)}{close}";

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string Commit(string? commit) => commit is null ? "?" : commit.Length > 12 ? commit[..12] : commit;

    public static string Commits(ChangePoint change) => $"{Commit(change.CommitBefore)}..{Commit(change.CommitAfter)}";

    public static string Verdict(RegressionVerdict verdict) => verdict.ToString().ToLowerInvariant();

    public static string Summary(CheckReport report)
    {
        int Count(RegressionVerdict v) => report.Series.Count(s => s.Verdict == v);
        var gaps = report.Series.Sum(s => s.Gaps.Count);
        return $"{report.Series.Count} series: {Count(RegressionVerdict.Confirmed)} confirmed, {Count(RegressionVerdict.Suspected)} suspected, " +
            $"{Count(RegressionVerdict.Recovered)} recovered, {Count(RegressionVerdict.None)} without a regression; {gaps} gap{(gaps == 1 ? string.Empty : "s")}.";
    }
}
