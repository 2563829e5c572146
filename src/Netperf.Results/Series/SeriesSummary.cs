namespace Netperf.Results.Series;

/// <summary>A series in a store: its key, unit and extent.</summary>
public sealed record SeriesSummary
{
    /// <summary>The series.</summary>
    public required SeriesKey Key { get; init; }

    /// <summary>Its unit.</summary>
    public required string Unit { get; init; }

    /// <summary>How many points it has.</summary>
    public required long Points { get; init; }

    /// <summary>The first point's time.</summary>
    public required DateTimeOffset First { get; init; }

    /// <summary>The last point's time.</summary>
    public required DateTimeOffset Last { get; init; }

    /// <summary>True when a higher value is better (<see cref="ResultUnits.HigherIsBetter"/>).</summary>
    public bool HigherIsBetter => ResultUnits.HigherIsBetter(Unit);
}
