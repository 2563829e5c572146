namespace Netperf.Perf.Results;

/// <summary>One status sample, taken every <c>--status-interval</c> during a window.</summary>
public sealed record PerfSample
{
    /// <summary>Seconds since the window started.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Operations completed so far, over all instances.</summary>
    public required long CompletedOperations { get; init; }

    /// <summary>Operations per second over the last interval.</summary>
    public required double CurrentOpsPerSecond { get; init; }

    /// <summary>Operations per second so far, by the result formula.</summary>
    public required double AverageOpsPerSecond { get; init; }
}
