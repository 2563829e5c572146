namespace Netperf.Results.Detection;

/// <summary>What a check looks at.</summary>
public sealed record CheckRequest
{
    /// <summary>Only series whose key contains this text (ordinal, case-insensitive); null for every series.</summary>
    public string? SeriesFilter { get; init; }

    /// <summary>
    /// Labels to compare across (for example <c>image</c>): series that differ only in these are checked as one.
    /// Empty by default: a series is compared only within its bucket (test and metric, options, environment, image, size).
    /// </summary>
    public IReadOnlyList<string> Across { get; init; } = [];

    /// <summary>Only regressions at or after this time count toward a verdict (earlier ones are still listed); null for all.</summary>
    public DateTimeOffset? Since { get; init; }
}
