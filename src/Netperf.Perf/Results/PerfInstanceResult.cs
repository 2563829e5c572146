namespace Netperf.Perf.Results;

/// <summary>
/// One instance's counters for one warm-up or iteration: the unit that is serialized, sent between
/// processes and merged. Totals are always recomputed from these, never averaged.
/// </summary>
public sealed record PerfInstanceResult
{
    /// <summary>The instance's <see cref="PerfTest.ParallelIndex"/>.</summary>
    public required int ParallelIndex { get; init; }

    /// <summary>The process that ran the instance (0 for a single-process run).</summary>
    public int ProcessIndex { get; init; }

    /// <summary>Operations the instance completed in the window.</summary>
    public required long CompletedOperations { get; init; }

    /// <summary>When the instance completed its last operation, in seconds from the window's start.</summary>
    public required double LastCompletionSeconds { get; init; }

    /// <summary>This instance's rate: <see cref="CompletedOperations"/> / <see cref="LastCompletionSeconds"/> (0 before any operation).</summary>
    public double OpsPerSecond => LastCompletionSeconds > 0 ? CompletedOperations / LastCompletionSeconds : 0;
}
