namespace Netperf.Perf.Comparison.Internal;

/// <summary>A test's figures compared, with the overall verdict (regressed when any figure regressed).</summary>
internal sealed record TestComparison(string Test, IReadOnlyList<MetricComparison> Metrics)
{
    public ComparisonVerdict Verdict =>
        Metrics.Any(m => m.Verdict == ComparisonVerdict.Regressed) ? ComparisonVerdict.Regressed
        : Metrics.Any(m => m.Verdict == ComparisonVerdict.Improved) ? ComparisonVerdict.Improved
        : ComparisonVerdict.NoChange;
}
