using Netperf.Results.Series;

namespace Netperf.Results.Detection;

/// <summary>What a check found in one series.</summary>
public sealed record SeriesAnalysis
{
    /// <summary>The series (the bucket compared within).</summary>
    public required SeriesKey Key { get; init; }

    /// <summary>Its unit.</summary>
    public required string Unit { get; init; }

    /// <summary>True when higher is better in <see cref="Unit"/>.</summary>
    public required bool HigherIsBetter { get; init; }

    /// <summary>How many points were analysed.</summary>
    public required int PointCount { get; init; }

    /// <summary>The last point's time (null without points).</summary>
    public DateTimeOffset? LastTimestamp { get; init; }

    /// <summary>Every change, in time order.</summary>
    public required IReadOnlyList<ChangePoint> Changes { get; init; }

    /// <summary>Longer than usual gaps, in time order.</summary>
    public required IReadOnlyList<SeriesGap> Gaps { get; init; }

    /// <summary>The verdict: the worst of the regressions counted (see <see cref="RegressionVerdict"/>).</summary>
    public required RegressionVerdict Verdict { get; init; }

    /// <summary>The regression behind <see cref="Verdict"/> (the latest of that standing), or null for <see cref="RegressionVerdict.None"/>.</summary>
    public ChangePoint? Culprit { get; init; }
}
