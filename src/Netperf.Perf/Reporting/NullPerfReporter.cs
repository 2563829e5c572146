using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Reporting;

/// <summary>A reporter that ignores everything.</summary>
public sealed class NullPerfReporter : IPerfReporter
{
    private NullPerfReporter()
    {
    }

    /// <summary>The single instance.</summary>
    public static NullPerfReporter Instance { get; } = new();

    /// <inheritdoc />
    public void RunStarting(string test, PerfOptions options)
    {
    }

    /// <inheritdoc />
    public void StageStarting(RunStage stage)
    {
    }

    /// <inheritdoc />
    public void Status(RunStage stage, PerfSample sample)
    {
    }

    /// <inheritdoc />
    public void StageCompleted(PerfStageOutcome outcome)
    {
    }

    /// <inheritdoc />
    public void RunCompleted(PerfRunResult result)
    {
    }
}
