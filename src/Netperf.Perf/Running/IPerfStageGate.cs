using Netperf.Perf.Results;

namespace Netperf.Perf.Running;

/// <summary>
/// Wraps every stage of a run. The single-process runner passes straight through; a multi-process
/// coordinator implements it with a barrier per stage so every process enters a stage together and
/// reports its outcome (including its measurement) when it leaves it.
/// </summary>
public interface IPerfStageGate
{
    /// <summary>Called before the stage starts; may wait (a barrier).</summary>
    /// <param name="stage">The stage about to start.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled (never for cleanup stages).</param>
    /// <returns>A task that completes when the stage may start.</returns>
    ValueTask EnterAsync(RunStage stage, CancellationToken cancellationToken);

    /// <summary>Called after the stage finished, successfully or not; may wait (a barrier).</summary>
    /// <param name="outcome">What happened in the stage.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled (never for cleanup stages).</param>
    /// <returns>A task that completes when the run may continue.</returns>
    ValueTask ExitAsync(PerfStageOutcome outcome, CancellationToken cancellationToken);
}
