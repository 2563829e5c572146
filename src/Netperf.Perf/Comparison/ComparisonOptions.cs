using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf.Comparison;

/// <summary>How <c>compare</c> decides between noise and a real change.</summary>
public sealed class ComparisonOptions
{
    /// <summary>
    /// The smallest relative change that can count as improved or regressed (default 0.05 = 5%):
    /// smaller changes are "no change" however significant.
    /// </summary>
    [Range(0.0, 10.0)]
    public double MinimumEffect { get; set; } = 0.05;

    /// <summary>
    /// The significance level of Welch's t-test on throughput samples (default 0.05): a change is
    /// real only when its two-sided p-value is below this.
    /// </summary>
    [Range(1e-9, 0.5)]
    public double SignificanceLevel { get; set; } = 0.05;
}
