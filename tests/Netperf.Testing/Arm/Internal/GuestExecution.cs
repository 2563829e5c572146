namespace Netperf.Testing.Arm.Internal;

/// <summary>A script running in a fake VM for one run command.</summary>
internal sealed class GuestExecution
{
    public required Task<GuestResult?> Task { get; init; }

    public required CancellationTokenSource Cancellation { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The result, or <see langword="null"/> when the script timed out.</summary>
    public GuestResult? Result => Task.IsCompletedSuccessfully ? Task.Result : null;
}
