using Netperf.Perf.Results;

namespace Netperf.Perf.Running;

/// <summary>What happened in one stage of one process.</summary>
public sealed record PerfStageOutcome
{
    /// <summary>The stage.</summary>
    public required RunStage Stage { get; init; }

    /// <summary>The exception that failed the stage, or <see langword="null"/> when it succeeded.</summary>
    public Exception? Failure { get; init; }

    /// <summary>True when the run was cancelled during the stage (Ctrl+C).</summary>
    public bool Cancelled { get; init; }

    /// <summary>The measurement of a <see cref="PerfStage.Warmup"/> or <see cref="PerfStage.Iteration"/> stage that completed.</summary>
    public PerfMeasurement? Measurement { get; init; }
}
