using Netperf.Perf.Results;

namespace Netperf.Perf.Processes;

/// <summary>One process's status samples of a warm-up or iteration (the per-process view of a multi-process run).</summary>
public sealed record PerfProcessSeries
{
    /// <summary>The process's index.</summary>
    public required int ProcessIndex { get; init; }

    /// <summary>Its samples, in order.</summary>
    public required IReadOnlyList<PerfSample> Samples { get; init; }
}
