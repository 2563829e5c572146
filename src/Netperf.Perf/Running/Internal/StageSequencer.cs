using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// The one stage sequence of a run, in-process or over child processes alike: drives the stages of
/// <see cref="PerfStage"/> in order, as nested try/finally blocks, so each cleanup stage runs exactly when its setup
/// counterpart was entered, whatever happened after it; and assembles the run's <see cref="PerfRunResult"/>.
/// Every stage goes through the <see cref="IPerfStageGate"/> (a child's barrier), the reporter, and the
/// <see cref="IStageExecutor"/> that does its work. Forward stages stop the sequence at the first failure or
/// cancellation; cleanup stages run with no cancellation and record their failures without stopping the others,
/// unless the executor hands the cleanup over (<see cref="IStageExecutor.HandOverCleanupAsync"/>).
/// </summary>
internal sealed class StageSequencer(
    PerfTestDescriptor test,
    PerfOptions options,
    IReadOnlyList<string> arguments,
    IPerfReporter reporter,
    TimeProvider clock)
{
    private readonly List<PerfRunError> _errors = [];
    private readonly List<PerfMeasurement> _iterations = [];
    private PerfMeasurement? _warmup;
    private bool _cancelled;
    private bool _handedOver;

    /// <summary>Runs the stages and returns the result; never throws for a failing test.</summary>
    /// <param name="executor">What each stage does.</param>
    /// <param name="gate">Wraps every stage (a child's barrier; pass-through elsewhere).</param>
    /// <param name="cancellationToken">Cancels the forward stages; cleanup still runs.</param>
    /// <returns>The result.</returns>
    public async Task<PerfRunResult> RunAsync(IStageExecutor executor, IPerfStageGate gate, CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        reporter.RunStarting(test.Name, options);
        await RunStagesAsync(executor, gate, cancellationToken).ConfigureAwait(false);
        var parser = new PerfOptionsParser(test.Name, test.Description, options.GetType());
        var result = new PerfRunResult
        {
            Test = test.Name,
            Status = _cancelled ? PerfRunStatus.Cancelled
                : _errors.Count > 0 ? PerfRunStatus.Failed
                : PerfRunStatus.Succeeded,
            Options = parser.Describe(options),

            // The values of secret options never reach a result.
            Arguments = parser.Redact(arguments, options),
            StartedAt = startedAt,
            CompletedAt = clock.GetUtcNow(),
            Warmup = _warmup,
            Iterations = _iterations,
            Errors = _errors,
            Environment = PerfEnvironmentInfo.Current(test.Type.Assembly),
            Provenance = PerfProvenance.Current(),
        };
        reporter.RunCompleted(result);
        return result;
    }

    private async Task RunStagesAsync(IStageExecutor executor, IPerfStageGate gate, CancellationToken cancellationToken)
    {
        var skipCleanup = options.NoCleanup;
        try
        {
            await ForwardAsync(executor, gate, new RunStage(PerfStage.GlobalSetup), cancellationToken).ConfigureAwait(false);
            try
            {
                await ForwardAsync(executor, gate, new RunStage(PerfStage.Setup), cancellationToken).ConfigureAwait(false);
                try
                {
                    await ForwardAsync(executor, gate, new RunStage(PerfStage.PostSetup), cancellationToken).ConfigureAwait(false);
                    if (options.Warmup > 0)
                    {
                        _warmup = await ForwardAsync(executor, gate, new RunStage(PerfStage.Warmup), cancellationToken).ConfigureAwait(false);
                    }

                    for (var i = 1; i <= options.Iterations; i++)
                    {
                        var measurement = await ForwardAsync(executor, gate, RunStage.ForIteration(i), cancellationToken).ConfigureAwait(false);
                        if (measurement is not null)
                        {
                            _iterations.Add(measurement);
                        }
                    }
                }
                finally
                {
                    await CleanupAsync(executor, gate, new RunStage(PerfStage.PreCleanup)).ConfigureAwait(false);
                }
            }
            finally
            {
                if (!skipCleanup)
                {
                    await CleanupAsync(executor, gate, new RunStage(PerfStage.Cleanup)).ConfigureAwait(false);
                }
            }
        }
        catch (StageStoppedException)
        {
            // Recorded in the errors or as cancelled; the finally blocks above have cleaned up.
        }
        finally
        {
            if (!skipCleanup)
            {
                await CleanupAsync(executor, gate, new RunStage(PerfStage.GlobalCleanup)).ConfigureAwait(false);
            }

            await CleanupAsync(executor, gate, new RunStage(PerfStage.Dispose)).ConfigureAwait(false);
        }
    }

    private async Task<PerfMeasurement?> ForwardAsync(IStageExecutor executor, IPerfStageGate gate, RunStage stage, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        PerfMeasurement? measurement = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            await gate.EnterAsync(stage, cancellationToken).ConfigureAwait(false);
            reporter.StageStarting(stage);
            measurement = await executor.ExecuteAsync(stage, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
        }
        catch (Exception ex)
        {
            failure = ex;
            _errors.Add(PerfRunError.From(stage, ex));
        }

        var outcome = new PerfStageOutcome { Stage = stage, Failure = failure, Measurement = measurement, Cancelled = _cancelled };
        reporter.StageCompleted(outcome);
        try
        {
            await gate.ExitAsync(outcome, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _cancelled = true;
        }
        catch (Exception ex) when (failure is null && !_cancelled)
        {
            // The coordinator failed the stage (another process failed): stop here too.
            failure = ex;
            _errors.Add(PerfRunError.From(stage, ex));
        }

        if (failure is not null || _cancelled)
        {
            _handedOver = await executor.HandOverCleanupAsync(failure?.Message ?? "the run was cancelled").ConfigureAwait(false);
            throw new StageStoppedException();
        }

        return measurement;
    }

    private async Task CleanupAsync(IStageExecutor executor, IPerfStageGate gate, RunStage stage)
    {
        if (_handedOver)
        {
            return;
        }

        Exception? failure = null;
        try
        {
            await gate.EnterAsync(stage, CancellationToken.None).ConfigureAwait(false);
            reporter.StageStarting(stage);
            await executor.ExecuteAsync(stage, CancellationToken.None).ConfigureAwait(false);
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
            failure = ex;
            _errors.Add(PerfRunError.From(stage, ex));
        }

        if (failure is not null)
        {
            _handedOver = await executor.HandOverCleanupAsync(failure.Message).ConfigureAwait(false);
        }
    }

    private sealed class StageStoppedException : Exception
    {
    }
}
