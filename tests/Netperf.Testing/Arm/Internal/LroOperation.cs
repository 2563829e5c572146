namespace Netperf.Testing.Arm.Internal;

/// <summary>One long-running operation: InProgress until enough polls and time have passed, then its completion runs once.</summary>
internal sealed class LroOperation
{
    public required string Id { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public TimeSpan MinDuration { get; init; }

    public int PollsBeforeDone { get; init; }

    public bool Hang { get; init; }

    /// <summary>An extra gate (for example "the script finished").</summary>
    public Func<bool>? ReadyWhen { get; init; }

    /// <summary>Applies the outcome to the state; returns an error for a failed operation. Runs under the state lock.</summary>
    public required Func<ArmError?> Complete { get; init; }

    public int Polls { get; set; }

    public string Status { get; set; } = "InProgress";

    public ArmError? Error { get; set; }

    public DateTimeOffset? EndTime { get; set; }

    public bool IsDone => Status != "InProgress";
}
