using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Reporting;

/// <summary>
/// Receives what a run shows to people: stage transitions, periodic status, each measurement and
/// the final result. The console reporter prints them; exporters and multi-process coordinators
/// implement it too. Calls may come from the status timer's thread; implementations must not block long.
/// </summary>
public interface IPerfReporter
{
    /// <summary>The run is starting.</summary>
    /// <param name="test">The test's name.</param>
    /// <param name="options">The run's options.</param>
    void RunStarting(string test, PerfOptions options);

    /// <summary>A stage is starting.</summary>
    /// <param name="stage">The stage.</param>
    void StageStarting(RunStage stage);

    /// <summary>A periodic status sample of a warm-up or iteration.</summary>
    /// <param name="stage">The stage being measured.</param>
    /// <param name="sample">The sample.</param>
    void Status(RunStage stage, PerfSample sample);

    /// <summary>A stage ended, successfully or not (after a failure, cleanup continues).</summary>
    /// <param name="outcome">The stage, its failure if any, and its measurement for a warm-up or iteration.</param>
    void StageCompleted(PerfStageOutcome outcome);

    /// <summary>The run ended; cleanup is done.</summary>
    /// <param name="result">The result.</param>
    void RunCompleted(PerfRunResult result);
}
