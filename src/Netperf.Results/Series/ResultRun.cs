using Netperf.Perf.Results;

namespace Netperf.Results.Series;

/// <summary>One ingested results file: its provenance and the points it adds.</summary>
public sealed record ResultRun
{
    /// <summary>The content key: the first 32 hex digits of the SHA-256 of the file's bytes. The same file twice is one run.</summary>
    public required string Id { get; init; }

    /// <summary>Where it was read from (the file's path as given).</summary>
    public required string Source { get; init; }

    /// <summary>The test's name.</summary>
    public required string Test { get; init; }

    /// <summary>How the run ended (<c>succeeded</c>, <c>failed</c>, <c>cancelled</c>); only succeeded runs add points.</summary>
    public required string Status { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The run's options by name, as text (every option, the ignored ones included).</summary>
    public required IReadOnlyDictionary<string, string> Options { get; init; }

    /// <summary>The provenance the file holds (null in files written before it existed).</summary>
    public PerfProvenance? Provenance { get; init; }

    /// <summary>The points the run adds (none for a failed or cancelled run).</summary>
    public required IReadOnlyList<ResultPoint> Points { get; init; }
}
