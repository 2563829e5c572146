using Netperf.Perf.Running;

namespace Netperf.Perf.Processes.Internal;

/// <summary>Stage tokens of the child protocol: <c>Setup</c>, <c>Iteration-2</c> (no spaces).</summary>
internal static class StageNames
{
    public static string Of(RunStage stage) => stage.Stage == PerfStage.Iteration ? $"Iteration-{stage.Iteration}" : stage.Stage.ToString();
}
