using Netperf.Perf.Results;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// The gate of the process that starts the measured windows (an in-process run, or the parent of a multi-process
/// run): before a warm-up or iteration it lets this process's JIT settle (<see cref="JitSettler"/>), so the stage
/// is announced and its window opened only then. A child's gate (<c>ChildStageGate</c>) does the same before
/// waiting for the parent's go.
/// </summary>
internal sealed class JitSettlingStageGate(TimeProvider clock) : IPerfStageGate
{
    public async ValueTask EnterAsync(RunStage stage, CancellationToken cancellationToken)
    {
        if (stage.IsMeasured)
        {
            await JitSettler.SettleAsync(clock, PerfRunner.SettleLimit, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask ExitAsync(PerfStageOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
