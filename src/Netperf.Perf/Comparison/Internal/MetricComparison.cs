namespace Netperf.Perf.Comparison.Internal;

/// <summary>One figure of one test, base vs head.</summary>
internal sealed record MetricComparison(
    string Metric,
    double Base,
    double Head,
    double Change,
    ComparisonVerdict Verdict,
    string Basis);
