using Netperf.Perf.CommandLine.Internal;
using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Running;

/// <summary>
/// Runs one perf test in this process: <c>--parallel</c> instances through the stages of
/// <see cref="PerfStage"/>, a warm-up and <c>--iterations</c> timed windows of <c>--duration</c>,
/// status through an <see cref="IPerfReporter"/>, and a <see cref="PerfRunResult"/> at the end.
/// A run never throws for a failing test: failures and cancellation are in the result.
/// </summary>
public sealed partial class PerfRunner
{
    private readonly PerfTestDescriptor _test;
    private readonly PerfOptions _options;
    private readonly PerfRunnerSettings _settings;
    private readonly TimeProvider _clock;
    private readonly List<PerfTest> _instances = [];
    private readonly List<PerfRunFeatureSession> _features = [];
    private InstanceLoop? _loop;

    /// <summary>Creates a runner.</summary>
    /// <param name="test">The test to run.</param>
    /// <param name="options">Its options (validated here as on the command line).</param>
    /// <param name="settings">How to run; defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message lists every problem.</exception>
    public PerfRunner(PerfTestDescriptor test, PerfOptions options, PerfRunnerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(options);
        _test = test;
        _options = options;
        _settings = settings ?? new PerfRunnerSettings();
        _clock = _settings.TimeProvider;
        var parser = new PerfOptionsParser(test.Name, test.Description, options.GetType());
        var errors = parser.Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"The options of {test.Name} are not valid: {string.Join(" ", errors)}", nameof(options));
        }

        if (_settings.InstanceCount is < 0)
        {
            throw new ArgumentException("PerfRunnerSettings.InstanceCount must be 0 or more.", nameof(settings));
        }
    }

    private int InstanceCount => _settings.InstanceCount ?? _options.Parallel;

    /// <summary>Runs the test to the end, cleanup included.</summary>
    /// <param name="cancellationToken">Cancels the run (Ctrl+C): the current stage stops and cleanup runs.</param>
    /// <returns>The result; its <see cref="PerfRunResult.Status"/> says how the run ended.</returns>
    public Task<PerfRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var sequencer = new StageSequencer(_test, _options, _settings.Arguments, _settings.Reporter, _clock);
        // Without a coordinator's gate this process opens the windows: its JIT settles before each.
        return sequencer.RunAsync(new InProcessStages(this), _settings.StageGate ?? new JitSettlingStageGate(_clock), cancellationToken);
    }

    private async Task<PerfMeasurement?> ExecuteStageAsync(RunStage stage, CancellationToken cancellationToken)
    {
        if (stage.Stage == PerfStage.GlobalSetup)
        {
            CreateInstances();
        }

        foreach (var feature in _features)
        {
            await feature.BeforeStageAsync(stage, cancellationToken).ConfigureAwait(false);
        }

        var measurement = await ExecuteOnInstancesAsync(stage, cancellationToken).ConfigureAwait(false);
        foreach (var feature in _features)
        {
            await feature.AfterStageAsync(stage, cancellationToken).ConfigureAwait(false);
        }

        return measurement;
    }

    private async Task<PerfMeasurement?> ExecuteOnInstancesAsync(RunStage stage, CancellationToken cancellationToken)
    {
        switch (stage.Stage)
        {
            case PerfStage.GlobalSetup:
                if (_settings.RunGlobalStages && _instances.Count > 0)
                {
                    await _instances[0].GlobalSetupAsync(cancellationToken).ConfigureAwait(false);
                }

                return null;
            case PerfStage.Setup:
                await ForEachInstanceAsync(static (t, ct) => t.SetupAsync(ct), cancellationToken).ConfigureAwait(false);
                return null;
            case PerfStage.PostSetup:
                await ForEachInstanceAsync(static (t, ct) => t.PostSetupAsync(ct), cancellationToken).ConfigureAwait(false);
                return null;
            case PerfStage.Warmup:
                return await MeasureAsync(stage, _options.Warmup, cancellationToken).ConfigureAwait(false);
            case PerfStage.Iteration:
                return await MeasureAsync(stage, _options.Duration, cancellationToken).ConfigureAwait(false);
            case PerfStage.PreCleanup:
                await ForEachInstanceAsync(static (t, ct) => t.PreCleanupAsync(ct), cancellationToken).ConfigureAwait(false);
                return null;
            case PerfStage.Cleanup:
                await ForEachInstanceAsync(static (t, ct) => t.CleanupAsync(ct), cancellationToken).ConfigureAwait(false);
                return null;
            case PerfStage.GlobalCleanup:
                if (_settings.RunGlobalStages && _instances.Count > 0)
                {
                    await _instances[0].GlobalCleanupAsync(cancellationToken).ConfigureAwait(false);
                }

                return null;
            case PerfStage.Dispose:
                await DisposeInstancesAsync().ConfigureAwait(false);
                return null;
            default:
                throw new InvalidOperationException($"Unknown stage {stage}.");
        }
    }

    private void CreateInstances()
    {
        for (var i = 0; i < InstanceCount; i++)
        {
            var instance = _test.CreateInstance(_options);
            instance.ParallelIndex = _settings.FirstParallelIndex + i;
            _instances.Add(instance);
        }

        // The run features join now that the instances exist; one of them may supply the hot loop (--latency, --rate).
        var context = new PerfRunFeatureContext(_options, _instances, _clock);
        _features.AddRange(_settings.Features.Select(f => f.Join(context)).OfType<PerfRunFeatureSession>());
        if (_instances.Count > 0)
        {
            _loop = _features.OfType<IInstanceLoopSource>().Select(s => s.Loop).FirstOrDefault()
                ?? InstanceLoopFactory.Create(_instances[0], _options, _clock);
        }
    }

    private async Task ForEachInstanceAsync(Func<PerfTest, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        var tasks = new Task[_instances.Count];
        for (var i = 0; i < tasks.Length; i++)
        {
            var instance = _instances[i];
            tasks[i] = Task.Run(() => action(instance, cancellationToken), CancellationToken.None);
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task DisposeInstancesAsync()
    {
        List<Exception>? errors = null;
        foreach (var instance in _instances)
        {
            try
            {
                await instance.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        _instances.Clear();
        if (errors is not null)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException("Disposing the test instances failed.", errors);
        }
    }

    /// <summary>The stages' work in this process: the instances of the test.</summary>
    private sealed class InProcessStages(PerfRunner runner) : IStageExecutor
    {
        public Task<PerfMeasurement?> ExecuteAsync(RunStage stage, CancellationToken cancellationToken) => runner.ExecuteStageAsync(stage, cancellationToken);

        // Every cleanup stage of this process runs here, whatever failed.
        public Task<bool> HandOverCleanupAsync(string reason) => Task.FromResult(false);
    }
}
