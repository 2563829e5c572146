using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Reporting;

/// <summary>Sends every report to several reporters, in order (for example the console and an exporter).</summary>
public sealed class CompositePerfReporter : IPerfReporter
{
    private readonly IPerfReporter[] _reporters;

    /// <summary>Creates the composite.</summary>
    /// <param name="reporters">The reporters.</param>
    public CompositePerfReporter(params IEnumerable<IPerfReporter> reporters)
    {
        ArgumentNullException.ThrowIfNull(reporters);
        _reporters = [.. reporters];
    }

    /// <inheritdoc />
    public void RunStarting(string test, PerfOptions options)
    {
        foreach (var r in _reporters)
        {
            r.RunStarting(test, options);
        }
    }

    /// <inheritdoc />
    public void StageStarting(RunStage stage)
    {
        foreach (var r in _reporters)
        {
            r.StageStarting(stage);
        }
    }

    /// <inheritdoc />
    public void Status(RunStage stage, PerfSample sample)
    {
        foreach (var r in _reporters)
        {
            r.Status(stage, sample);
        }
    }

    /// <inheritdoc />
    public void StageCompleted(PerfStageOutcome outcome)
    {
        foreach (var r in _reporters)
        {
            r.StageCompleted(outcome);
        }
    }

    /// <inheritdoc />
    public void RunCompleted(PerfRunResult result)
    {
        foreach (var r in _reporters)
        {
            r.RunCompleted(result);
        }
    }
}
