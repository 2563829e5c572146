using System.Text.Json;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Processes.Internal;

/// <summary>A child's reporter: status samples go to the parent, which prints the aggregate; nothing else is printed.</summary>
internal sealed class ChildReporter(ParentChannel channel) : IPerfReporter
{
    public void RunStarting(string test, PerfOptions options)
    {
    }

    public void StageStarting(RunStage stage)
    {
    }

    public void Status(RunStage stage, PerfSample sample) =>
        channel.SendSample(StageNames.Of(stage), JsonSerializer.Serialize(sample, PerfResultsFile.SerializerOptions));

    public void StageCompleted(PerfStageOutcome outcome)
    {
    }

    public void RunCompleted(PerfRunResult result)
    {
    }
}
