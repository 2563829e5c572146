namespace Netperf.Results.Series;

/// <summary>What an ingest or import changed; what was already there is counted, not written again.</summary>
public sealed record IngestSummary
{
    /// <summary>Runs written.</summary>
    public int RunsAdded { get; init; }

    /// <summary>Runs that were already in the store (the same file ingested before).</summary>
    public int RunsAlreadyPresent { get; init; }

    /// <summary>Points written.</summary>
    public int PointsAdded { get; init; }

    /// <summary>Points already in the store (same series, timestamp and run).</summary>
    public int PointsAlreadyPresent { get; init; }

    /// <summary>Series created.</summary>
    public int SeriesAdded { get; init; }

    /// <summary>Runs added that brought no points (failed or cancelled runs).</summary>
    public int RunsWithoutPoints { get; init; }

    /// <summary>Files found in a folder that are JSON but not Netperf results (outcome files, other tools' output), left alone.</summary>
    public IReadOnlyList<string> Skipped { get; init; } = [];
}
