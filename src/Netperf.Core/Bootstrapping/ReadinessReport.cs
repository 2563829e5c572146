namespace Netperf.Core.Bootstrapping;

/// <summary>What bootstrapping did to a pair and whether the pair is proven ready.</summary>
public sealed record ReadinessReport
{
    /// <summary>The pair's id.</summary>
    public required string PairId { get; init; }

    /// <summary>Every step in the order it ran.</summary>
    public required IReadOnlyList<ReadinessStep> Steps { get; init; }

    /// <summary>True only when every step succeeded or was skipped and the readiness proof passed.</summary>
    public required bool IsReady { get; init; }

    /// <summary>How the client reaches the peer (for example <c>ssh</c>, or <c>local-process (no sshd found)</c>).</summary>
    public required string Transport { get; init; }

    /// <summary>The total time spent.</summary>
    public TimeSpan Duration => Steps.Aggregate(TimeSpan.Zero, (sum, step) => sum + step.Duration);

    /// <summary>The first failed step, if any.</summary>
    public ReadinessStep? FirstFailure => Steps.FirstOrDefault(s => s.Outcome == ReadinessStepOutcome.Failed);
}
