using Netperf.Perf.Results;

namespace Netperf.Perf.Running;

/// <summary>
/// One <see cref="IPerfRunFeature"/>'s part in one run in one process: hooks around each stage's work on this
/// process's instances, with nothing to do by default. An exception from a hook fails the stage, as the test's own would.
/// </summary>
public abstract class PerfRunFeatureSession
{
    /// <summary>Called before this process's instances start <paramref name="stage"/> (the test proxy stops playback before pre-cleanup).</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="cancellationToken">The run's cancellation (none for cleanup stages).</param>
    /// <returns>A task that completes when the stage may start.</returns>
    public virtual Task BeforeStageAsync(RunStage stage, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called after every instance of this process completed <paramref name="stage"/> (the test proxy records after post-setup).</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="cancellationToken">The run's cancellation (none for cleanup stages).</param>
    /// <returns>A task that completes when the stage is done.</returns>
    public virtual Task AfterStageAsync(RunStage stage, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Adds to a warm-up's or iteration's measurement in this process (latency recording adds its histograms).</summary>
    /// <param name="measurement">The measurement of this process's instances.</param>
    /// <returns>The measurement, with what the feature adds.</returns>
    public virtual PerfMeasurement OnMeasured(PerfMeasurement measurement) => measurement;
}
