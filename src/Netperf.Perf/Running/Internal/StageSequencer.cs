using Netperf.Perf.Reporting;
using Netperf.Perf.Results;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// Drives the stages of <see cref="PerfStage"/> in order, as nested try/finally blocks, so each
/// cleanup stage runs exactly when its setup counterpart was entered, whatever happened after it.
/// Every stage goes through the <see cref="IPerfStageGate"/> (barriers of a multi-process run) and
/// the reporter. Forward stages stop the sequence at the first failure or cancellation; cleanup
/// stages run with no cancellation and record their failures without stopping the others.
/// </summary>
internal sealed class StageSequencer(
    Func<RunStage, CancellationToken, Task<PerfMeasurement?>> execute,
    IPerfStageGate gate,
    IPerfReporter reporter)
{
    private readonly List<PerfRunError> _errors = [];
    private readonly List<PerfMeasurement> _iterations = [];

    public IReadOnlyList<PerfRunError> Errors => _errors;

    public IReadOnlyList<PerfMeasurement> Iterations => _iterations;

    public PerfMeasurement? Warmup { get; private set; }

    public bool Cancelled { get; private set; }

    public async Task RunAsync(int warmupSeconds, int iterations, bool skipCleanup, CancellationToken cancellationToken)
    {
        try
        {
            await ForwardAsync(new RunStage(PerfStage.GlobalSetup), cancellationToken).ConfigureAwait(false);
            try
            {
                await ForwardAsync(new RunStage(PerfStage.Setup), cancellationToken).ConfigureAwait(false);
                try
                {
                    await ForwardAsync(new RunStage(PerfStage.PostSetup), cancellationToken).ConfigureAwait(false);
                    if (warmupSeconds > 0)
                    {
                        Warmup = await ForwardAsync(new RunStage(PerfStage.Warmup), cancellationToken).ConfigureAwait(false);
                    }

                    for (var i = 1; i <= iterations; i++)
                    {
                        var measurement = await ForwardAsync(RunStage.ForIteration(i), cancellationToken).ConfigureAwait(false);
                        if (measurement is not null)
                        {
                            _iterations.Add(measurement);
                        }
                    }
                }
                finally
                {
                    await CleanupAsync(new RunStage(PerfStage.PreCleanup)).ConfigureAwait(false);
                }
            }
            finally
            {
                if (!skipCleanup)
                {
                    await CleanupAsync(new RunStage(PerfStage.Cleanup)).ConfigureAwait(false);
                }
            }
        }
        catch (StageStoppedException)
        {
            // Recorded in Errors or Cancelled; the finally blocks above have cleaned up.
        }
        finally
        {
            if (!skipCleanup)
            {
                await CleanupAsync(new RunStage(PerfStage.GlobalCleanup)).ConfigureAwait(false);
            }

            await CleanupAsync(new RunStage(PerfStage.Dispose)).ConfigureAwait(false);
        }
    }

    private async Task<PerfMeasurement?> ForwardAsync(RunStage stage, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        PerfMeasurement? measurement = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await gate.EnterAsync(stage, cancellationToken).ConfigureAwait(false);
            reporter.StageStarting(stage);
            measurement = await execute(stage, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Cancelled = true;
        }
        catch (Exception ex)
        {
            failure = ex;
            _errors.Add(PerfRunError.From(stage, ex));
        }

        var outcome = new PerfStageOutcome { Stage = stage, Failure = failure, Measurement = measurement, Cancelled = Cancelled };
        reporter.StageCompleted(outcome);
        try
        {
            await gate.ExitAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Cancelled = true;
        }
        catch (Exception ex) when (failure is null && !Cancelled)
        {
            // The coordinator failed the stage (another process failed): stop here too.
            failure = ex;
            _errors.Add(PerfRunError.From(stage, ex));
        }

        if (failure is not null || Cancelled)
        {
            throw new StageStoppedException();
        }

        return measurement;
    }

    private async Task CleanupAsync(RunStage stage)
    {
        Exception? failure = null;
        try
        {
            await gate.EnterAsync(stage, CancellationToken.None).ConfigureAwait(false);
            reporter.StageStarting(stage);
            await execute(stage, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            failure = ex;
            _errors.Add(PerfRunError.From(stage, ex));
        }

        var outcome = new PerfStageOutcome { Stage = stage, Failure = failure };
        reporter.StageCompleted(outcome);
        try
        {
            await gate.ExitAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (failure is null)
        {
            _errors.Add(PerfRunError.From(stage, ex));
        }
    }

    private sealed class StageStoppedException : Exception
    {
    }
}
