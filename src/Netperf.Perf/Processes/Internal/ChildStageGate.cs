using System.Text.Json;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// A child's stage gate: waits for the parent's <c>go</c> before each stage (the barrier) and reports
/// the stage's outcome after it, with the measurement tagged with this process's index. Before a
/// measured stage it first lets its JIT settle (<see cref="JitSettler"/>), while the parent does the same.
/// </summary>
internal sealed class ChildStageGate(ParentChannel channel, int processIndex, TimeProvider clock) : IPerfStageGate
{
    public async ValueTask EnterAsync(RunStage stage, CancellationToken cancellationToken)
    {
        if (stage.IsMeasured)
        {
            await JitSettler.SettleAsync(clock, PerfRunner.SettleLimit, cancellationToken).ConfigureAwait(false);
        }

        await channel.WaitForGoAsync(StageNames.Of(stage), stage.IsCleanup, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask ExitAsync(PerfStageOutcome outcome, CancellationToken cancellationToken)
    {
        var name = StageNames.Of(outcome.Stage);
        if (outcome.Failure is { } failure)
        {
            channel.SendError(name, $"{failure.GetType().Name}: {failure.Message}");
        }
        else if (outcome.Cancelled)
        {
            channel.SendError(name, "the stage was cancelled in the child");
        }
        else if (outcome.Measurement is { } measurement)
        {
            var tagged = measurement with
            {
                Instances = [.. measurement.Instances.Select(i => i with { ProcessIndex = processIndex })],
            };
            channel.SendDone(name, JsonSerializer.Serialize(tagged, PerfResultsFile.SerializerOptions));
        }
        else
        {
            channel.SendDone(name);
        }

        return ValueTask.CompletedTask;
    }
}
