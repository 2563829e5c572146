using Netperf.Perf.Results;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// What one stage does where the run is driven from: in this process (<see cref="PerfRunner"/>: the test's
/// instances) or across child processes (the multi-process parent: a barrier over its children). The order of
/// the stages is <see cref="StageSequencer"/>'s alone.
/// </summary>
internal interface IStageExecutor
{
    /// <summary>Runs one stage; a warm-up or iteration returns its measurement.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="cancellationToken">The run's cancellation (none for cleanup stages).</param>
    /// <returns>The measurement of a measured stage, else <see langword="null"/>.</returns>
    Task<PerfMeasurement?> ExecuteAsync(RunStage stage, CancellationToken cancellationToken);

    /// <summary>
    /// The run stopped at a failure or a cancellation. Returns <see langword="true"/> when the stages left are no
    /// longer driven from here — the multi-process parent aborts its children, which clean up by themselves — and
    /// <see langword="false"/> to run the cleanup stages here as usual.
    /// </summary>
    /// <param name="reason">Why the run stopped, for the children's abort message.</param>
    /// <returns>Whether the remaining stages were handed over.</returns>
    Task<bool> HandOverCleanupAsync(string reason);
}
