using System.Text.Json;
using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Processes.Internal;

/// <summary>
/// The parent of a multi-process run: the stages' work when they are driven across children. It starts one child
/// per share of the <see cref="ProcessPlan"/> (at global setup) and moves them through the stages of
/// <see cref="StageSequencer"/> together (a barrier per stage), printing aggregated status; the result is the
/// sequencer's. A failed, crashed or hung child stops the run: the others are told to clean up by themselves
/// (<see cref="IStageExecutor.HandOverCleanupAsync"/>), leftovers are killed, and the result is failed with an
/// error naming the child.
/// </summary>
internal sealed class MultiProcessRunner(
    PerfTestDescriptor test,
    PerfOptions options,
    ProcessPlan plan,
    IReadOnlyList<string> arguments,
    IPerfReporter reporter,
    TextWriter output,
    TextWriter error,
    TimeProvider clock) : IStageExecutor
{
    private static readonly TimeSpan SetupDeadline = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan CleanupGrace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);
    private readonly object _outputGate = new();
    private readonly List<IChildConnection> _children = [];
    private ChildCoordinator? _coordinator;

    /// <summary>The process count of a run: <c>--processes</c>, or the cores capped at <c>--parallel</c> when 0.</summary>
    public static int ResolveProcessCount(PerfOptions options) =>
        options.Processes > 0 ? Math.Min(options.Processes, options.Parallel) : ProcessPlan.DefaultProcessCount(options.Parallel);

    public async Task<PerfRunResult> RunAsync(CancellationToken cancellationToken)
    {
        var sequencer = new StageSequencer(test, options, arguments, reporter, clock);
        try
        {
            // The gate settles the parent's JIT before each window; the children settle theirs meanwhile.
            return await sequencer.RunAsync(this, new JitSettlingStageGate(clock), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (_coordinator is not null)
            {
                await _coordinator.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                foreach (var child in _children)
                {
                    await child.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    public async Task<PerfMeasurement?> ExecuteAsync(RunStage stage, CancellationToken cancellationToken)
    {
        var coordinator = _coordinator ?? StartChildren();
        var deadline = stage.IsMeasured
            ? TimeSpan.FromSeconds((stage.Stage == PerfStage.Warmup ? options.Warmup : options.Duration) + 60)
            : SetupDeadline;
        var payloads = await coordinator.RunStageAsync(StageNames.Of(stage), deadline, cancellationToken).ConfigureAwait(false);
        if (stage.Stage == PerfStage.Dispose)
        {
            // The last stage: every child must now end, and end well.
            await coordinator.WaitForExitAsync(ExitDeadline, CancellationToken.None).ConfigureAwait(false);
        }

        if (!stage.IsMeasured)
        {
            return null;
        }

        var parts = payloads
            .Select(p => p is null ? null : JsonSerializer.Deserialize<PerfMeasurement>(p, PerfResultsFile.SerializerOptions))
            .OfType<PerfMeasurement>()
            .ToList();
        return parts.Count == 0 ? null : PerfMeasurement.Merge(parts);
    }

    public async Task<bool> HandOverCleanupAsync(string reason)
    {
        // The children run their own cleanup stages after an abort, each as far as it got; what is left is killed.
        if (_coordinator is not null)
        {
            await _coordinator.AbortAsync(reason, CleanupGrace).ConfigureAwait(false);
        }

        return true;
    }

    private ChildCoordinator StartChildren()
    {
        var aggregator = new SampleAggregator(plan.ProcessCount, reporter);

        // Secret options go to the children on their standard input; their command lines (ps) hold the rest.
        var split = new PerfOptionsParser(test.Name, test.Description, options.GetType()).Split(arguments);
        var environment = options.ProcessEnvironment().ToList();
        foreach (var share in plan.Shares)
        {
            _children.Add(ChildProcessConnection.Start(share, plan.ProcessCount, [test.Name, .. split.Public], split.Secret, environment, (i, line) => WriteLine(error, $"[child {i}] {line}")));
        }

        _coordinator = new ChildCoordinator(_children, clock, (i, line) => WriteLine(output, $"[child {i}] {line}"), aggregator.Add);
        _coordinator.Start();
        return _coordinator;
    }

    private void WriteLine(TextWriter writer, string line)
    {
        lock (_outputGate)
        {
            writer.WriteLine(line);
            writer.Flush();
        }
    }
}
