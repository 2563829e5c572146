using Netperf.Perf.Running;

namespace Netperf.Perf.Running.Internal;

/// <summary>The gate of a single-process run: every stage starts at once.</summary>
internal sealed class PassThroughStageGate : IPerfStageGate
{
    public static PassThroughStageGate Instance { get; } = new();

    public ValueTask EnterAsync(RunStage stage, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ExitAsync(PerfStageOutcome outcome, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
