using System.ComponentModel.DataAnnotations;

namespace Netperf.Results.Detection;

/// <summary>
/// How changes are found and judged (see <c>docs/results.md</c> for the method and its measured error rates).
/// The defaults give a false-alarm rate of about 1% per series on stationary noise of any shape.
/// </summary>
public sealed class ChangePointOptions
{
    /// <summary>The permutation test's significance level: the chance that a series without a change gets one. Default 0.01.</summary>
    [Range(0.001, 0.2)]
    public double Significance { get; set; } = 0.01;

    /// <summary>Permutations per test (the p-value's resolution is 1 / (this + 1)). Default 199.</summary>
    [Range(19, 100_000)]
    public int Permutations { get; set; } = 199;

    /// <summary>The fewest points on each side of a change the E-Divisive search considers. Default 2.</summary>
    [Range(2, 1000)]
    public int MinimumSegment { get; set; } = 2;

    /// <summary>A change is confirmed only with at least this many points after it (before the next change). Default 3.</summary>
    [Range(1, 1000)]
    public int ConfirmPoints { get; set; } = 3;

    /// <summary>...and when at least this share of them lie on the new side of the midpoint between the levels. Default 0.8.</summary>
    [Range(0.5, 1.0)]
    public double ConfirmAgreement { get; set; } = 0.8;

    /// <summary>Changes smaller than this relative effect (0.02 = 2%) are merged away, however significant. Default 0.02.</summary>
    [Range(0.0, 1.0)]
    public double MinimumEffect { get; set; } = 0.02;

    /// <summary>A gap between points longer than this many times the median interval is reported. Default 3.</summary>
    [Range(1.5, 1000)]
    public double GapFactor { get; set; } = 3;

    /// <summary>Bootstrap resamples of the effect's confidence interval. Default 1000.</summary>
    [Range(100, 100_000)]
    public int BootstrapResamples { get; set; } = 1000;

    /// <summary>The effect's confidence level. Default 0.95.</summary>
    [Range(0.5, 0.999)]
    public double ConfidenceLevel { get; set; } = 0.95;

    /// <summary>Copies the options.</summary>
    /// <returns>A copy.</returns>
    public ChangePointOptions Clone() => (ChangePointOptions)MemberwiseClone();
}
