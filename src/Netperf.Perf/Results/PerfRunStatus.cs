namespace Netperf.Perf.Results;

/// <summary>How a run ended.</summary>
public enum PerfRunStatus
{
    /// <summary>Every stage succeeded (exit code 0).</summary>
    Succeeded,

    /// <summary>A stage threw; cleanup ran (exit code 1).</summary>
    Failed,

    /// <summary>The run was cancelled (Ctrl+C); cleanup ran (exit code 130).</summary>
    Cancelled,
}
