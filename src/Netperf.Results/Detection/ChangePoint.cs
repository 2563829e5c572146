namespace Netperf.Results.Detection;

/// <summary>A change in a series: where, from what level to what, how sure, and between which commits.</summary>
public sealed record ChangePoint
{
    /// <summary>The index of the first point after the change.</summary>
    public required int Index { get; init; }

    /// <summary>The time of the first point after the change.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The time of the last point before it.</summary>
    public required DateTimeOffset PreviousTimestamp { get; init; }

    /// <summary>The mean of the points from the previous change (or the start) to this one.</summary>
    public required double Before { get; init; }

    /// <summary>The mean of the points from this change to the next (or the end).</summary>
    public required double After { get; init; }

    /// <summary>The relative effect, (after − before) / |before| (−0.1 = 10% lower).</summary>
    public required double Effect { get; init; }

    /// <summary>The lower end of the effect's bootstrap confidence interval.</summary>
    public required double EffectLow { get; init; }

    /// <summary>The upper end of the effect's bootstrap confidence interval.</summary>
    public required double EffectHigh { get; init; }

    /// <summary>The test's p-value: the permutation p-value, or for a tail change the chance that the last points are the most extreme ones by accident.</summary>
    public required double PValue { get; init; }

    /// <summary>Points after the change, up to the next change or the end.</summary>
    public required int PointsAfter { get; init; }

    /// <summary>The share of those points on the new side of the midpoint between <see cref="Before"/> and <see cref="After"/>.</summary>
    public required double Agreement { get; init; }

    /// <summary>True when enough points after the change agree (<see cref="ChangePointOptions.ConfirmPoints"/>, <see cref="ChangePointOptions.ConfirmAgreement"/>).</summary>
    public required bool Confirmed { get; init; }

    /// <summary>For a regression: true when a later level is better than halfway back to <see cref="Before"/>.</summary>
    public required bool Recovered { get; init; }

    /// <summary>Worse or better.</summary>
    public required ChangeDirection Direction { get; init; }

    /// <summary>What found it.</summary>
    public required ChangeMethod Method { get; init; }

    /// <summary>The commit of the last point before the change (the last good one), when known.</summary>
    public string? CommitBefore { get; init; }

    /// <summary>The commit of the first point after the change, when known: the change came in between.</summary>
    public string? CommitAfter { get; init; }

    /// <summary>The machines of the points after the change (distinct, in order), to tell a code change from a machine change.</summary>
    public IReadOnlyList<string> MachinesAfter { get; init; } = [];
}
