namespace Netperf.Results.Series;

/// <summary>One value of a series: what one run (or one imported CSV row) measured, with where it came from.</summary>
public sealed record ResultPoint
{
    /// <summary>The series.</summary>
    public required SeriesKey Series { get; init; }

    /// <summary>The value's unit (for example <c>ops/s</c>, <c>ns</c>); it decides whether higher is better (<see cref="ResultUnits.HigherIsBetter"/>).</summary>
    public required string Unit { get; init; }

    /// <summary>When it was measured (a result file: the run's start).</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The value (finite).</summary>
    public required double Value { get; init; }

    /// <summary>The commit or version under test, when known.</summary>
    public string? Commit { get; init; }

    /// <summary>
    /// The run it belongs to: for a result file its content key (<see cref="ResultRun.Id"/>), for a CSV row the
    /// <c>label:run</c> column (empty when absent). One series holds one point per timestamp and run.
    /// </summary>
    public string Run { get; init; } = string.Empty;

    /// <summary>The client machine's host name, when known.</summary>
    public string? Machine { get; init; }

    /// <summary>The peer machine's host name, when known.</summary>
    public string? Peer { get; init; }

    /// <summary>The pair's id, when known.</summary>
    public string? Pair { get; init; }
}
