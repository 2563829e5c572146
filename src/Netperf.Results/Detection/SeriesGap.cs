namespace Netperf.Results.Detection;

/// <summary>A longer than usual wait between two points of a series (runs missing or failing).</summary>
public sealed record SeriesGap
{
    /// <summary>The point before the gap.</summary>
    public required DateTimeOffset From { get; init; }

    /// <summary>The point after the gap.</summary>
    public required DateTimeOffset To { get; init; }

    /// <summary>The gap's length over the series' median interval.</summary>
    public required double TimesUsual { get; init; }
}
