namespace Netperf.Perf.Comparison;

/// <summary>What a comparison concluded about one figure or one test.</summary>
public enum ComparisonVerdict
{
    /// <summary>The change is within run-to-run noise or below the minimum effect.</summary>
    NoChange,

    /// <summary>Head is better than base beyond noise and the minimum effect.</summary>
    Improved,

    /// <summary>Head is worse than base beyond noise and the minimum effect.</summary>
    Regressed,
}
