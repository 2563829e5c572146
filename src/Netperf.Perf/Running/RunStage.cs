using System.Text.Json.Serialization;

namespace Netperf.Perf.Running;

/// <summary>A stage of a run, with the iteration number for <see cref="PerfStage.Iteration"/>.</summary>
/// <param name="Stage">The stage.</param>
/// <param name="Iteration">1-based iteration number for <see cref="PerfStage.Iteration"/>; 0 otherwise.</param>
public readonly record struct RunStage(PerfStage Stage, int Iteration = 0)
{
    /// <summary>True for the stages that measure (<see cref="PerfStage.Warmup"/> and <see cref="PerfStage.Iteration"/>).</summary>
    [JsonIgnore]
    public bool IsMeasured => Stage is PerfStage.Warmup or PerfStage.Iteration;

    /// <summary>True for the stages that undo earlier ones; they run even after a failure or cancellation.</summary>
    [JsonIgnore]
    public bool IsCleanup => Stage >= PerfStage.PreCleanup;

    /// <summary>Creates the stage of iteration <paramref name="number"/>.</summary>
    /// <param name="number">1-based iteration number.</param>
    /// <returns>The stage.</returns>
    public static RunStage ForIteration(int number) => new(PerfStage.Iteration, number);

    /// <summary>A readable name: <c>Setup</c>, <c>Iteration 2</c>.</summary>
    /// <returns>The name.</returns>
    public override string ToString() => Stage == PerfStage.Iteration ? $"Iteration {Iteration}" : Stage.ToString();
}
