namespace Netperf.Core.Pool;

/// <summary>How a job of <see cref="PairPool.RunAsync"/> ended.</summary>
public sealed record PoolJobOutcome
{
    /// <summary>The job.</summary>
    public required PoolJob Job { get; init; }

    /// <summary>True when an attempt completed.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Every attempt, in order; the last one succeeded when <see cref="Succeeded"/>.</summary>
    public required IReadOnlyList<PoolJobAttempt> Attempts { get; init; }

    /// <summary>Why the job failed: the job's exception, a provisioning failure, or attempts exhausted.</summary>
    public Exception? Error { get; init; }
}
