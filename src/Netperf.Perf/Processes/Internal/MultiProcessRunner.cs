using System.Text.Json;
using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The parent of a multi-process run: starts one child per share of the <see cref="ProcessPlan"/>,
/// moves them through the stages together (a barrier per stage), prints aggregated status and one
/// result. A failed, crashed or hung child stops the run: the others are told to clean up, leftovers
/// are killed, and the result is failed with an error naming the child.
/// </summary>
internal sealed class MultiProcessRunner(
    PerfTestDescriptor test,
    PerfOptions options,
    ProcessPlan plan,
    IReadOnlyList<string> arguments,
    IPerfReporter reporter,
    TextWriter output,
    TextWriter error,
    TimeProvider clock)
{
    private static readonly TimeSpan SetupDeadline = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(60);

    /// <summary>The process count of a run: <c>--processes</c>, or the cores capped at <c>--parallel</c> when 0.</summary>
    public static int ResolveProcessCount(PerfOptions options) =>
        options.Processes > 0 ? Math.Min(options.Processes, options.Parallel) : ProcessPlan.DefaultProcessCount(options.Parallel);

    public async Task<PerfRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = clock.GetUtcNow();
        reporter.RunStarting(test.Name, options);
        var errors = new List<PerfRunError>();
        var iterations = new List<PerfMeasurement>();
        PerfMeasurement? warmup = null;
        var cancelled = false;
        var aggregator = new SampleAggregator(plan.ProcessCount, reporter);
        var parser = new PerfOptionsParser(test.Name, test.Description, options.GetType());

        // Secret options go to the children on their standard input; their command lines (ps) hold the rest.
        var split = parser.Split(arguments);
        var outputGate = new object();
        var children = new List<IChildConnection>();
        ChildCoordinator? coordinator = null;
        try
        {
            var environment = options.ProcessEnvironment().ToList();
            foreach (var share in plan.Shares)
            {
                children.Add(ChildProcessConnection.Start(share, plan.ProcessCount, [test.Name, .. split.Public], split.Secret, environment, (i, line) => WriteLine(error, outputGate, $"[child {i}] {line}")));
            }

            coordinator = new ChildCoordinator(children, clock, (i, line) => WriteLine(output, outputGate, $"[child {i}] {line}"), aggregator.Add);
            coordinator.Start();
            RunStage current = new(PerfStage.GlobalSetup);
            try
            {
                foreach (var stage in ForwardStages())
                {
                    current = stage;
                    var measurement = await RunStageAsync(coordinator, stage, cancellationToken).ConfigureAwait(false);
                    if (stage.Stage == PerfStage.Warmup)
                    {
                        warmup = measurement;
                    }
                    else if (measurement is not null)
                    {
                        iterations.Add(measurement);
                    }
                }

                foreach (var stage in CleanupStages())
                {
                    current = stage;
                    await RunStageAsync(coordinator, stage, CancellationToken.None).ConfigureAwait(false);
                }

                await coordinator.WaitForExitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(false);
            }
            catch (ChildProcessFailedException ex)
            {
                errors.Add(PerfRunError.From(current, ex));
                reporter.StageCompleted(new PerfStageOutcome { Stage = current, Failure = ex });
                await coordinator.AbortAsync(ex.Message, CleanupGrace).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
                reporter.StageCompleted(new PerfStageOutcome { Stage = current, Cancelled = true });
                await coordinator.AbortAsync("the run was cancelled", CleanupGrace).ConfigureAwait(false);
            }
        }
        finally
        {
            if (coordinator is not null)
            {
                await coordinator.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                foreach (var child in children)
                {
                    await child.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        var result = new PerfRunResult
        {
            Test = test.Name,
            Status = cancelled ? PerfRunStatus.Cancelled : errors.Count > 0 ? PerfRunStatus.Failed : PerfRunStatus.Succeeded,
            Options = parser.Describe(options),
            Arguments = parser.Redact(arguments, options),
            StartedAt = startedAt,
            CompletedAt = clock.GetUtcNow(),
            Warmup = warmup,
            Iterations = iterations,
            Errors = errors,
            Environment = PerfEnvironmentInfo.Current(test.Type.Assembly),
        };
        reporter.RunCompleted(result);
        return result;
    }

    private async Task<PerfMeasurement?> RunStageAsync(ChildCoordinator coordinator, RunStage stage, CancellationToken cancellationToken)
    {
        if (stage.IsMeasured)
        {
            // The children settle their JIT meanwhile; the go then starts windows free of recompilation.
            await Running.Internal.JitSettler.SettleAsync(clock, PerfRunner.SettleLimit, cancellationToken).ConfigureAwait(false);
        }

        reporter.StageStarting(stage);
        var deadline = stage.IsMeasured
            ? TimeSpan.FromSeconds((stage.Stage == PerfStage.Warmup ? options.Warmup : options.Duration) + 60)
            : SetupDeadline;
        var payloads = await coordinator.RunStageAsync(StageNames.Of(stage), deadline, cancellationToken).ConfigureAwait(false);
        PerfMeasurement? measurement = null;
        if (stage.IsMeasured)
        {
            var parts = payloads
                .Select(p => p is null ? null : JsonSerializer.Deserialize<PerfMeasurement>(p, PerfResultsFile.SerializerOptions))
                .OfType<PerfMeasurement>()
                .ToList();
            measurement = parts.Count == 0 ? null : PerfMeasurement.Merge(parts);
        }

        reporter.StageCompleted(new PerfStageOutcome { Stage = stage, Measurement = measurement });
        return measurement;
    }

    private IEnumerable<RunStage> ForwardStages()
    {
        yield return new RunStage(PerfStage.GlobalSetup);
        yield return new RunStage(PerfStage.Setup);
        yield return new RunStage(PerfStage.PostSetup);
        if (options.Warmup > 0)
        {
            yield return new RunStage(PerfStage.Warmup);
        }

        for (var i = 1; i <= options.Iterations; i++)
        {
            yield return RunStage.ForIteration(i);
        }
    }

    private IEnumerable<RunStage> CleanupStages()
    {
        yield return new RunStage(PerfStage.PreCleanup);
        if (!options.NoCleanup)
        {
            yield return new RunStage(PerfStage.Cleanup);
        }

        if (!options.NoCleanup)
        {
            yield return new RunStage(PerfStage.GlobalCleanup);
        }

        yield return new RunStage(PerfStage.Dispose);
    }

    private static void WriteLine(TextWriter writer, object gate, string line)
    {
        lock (gate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
