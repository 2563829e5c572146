namespace Netperf.Results.Series;

/// <summary>What one ingest writes, all or nothing: runs from results files and loose points (from a CSV).</summary>
public sealed record ResultBatch
{
    /// <summary>Runs with their points.</summary>
    public IReadOnlyList<ResultRun> Runs { get; init; } = [];

    /// <summary>Points that belong to no ingested run (imported rows).</summary>
    public IReadOnlyList<ResultPoint> Points { get; init; } = [];
}
