using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Tests.Results;

public sealed class PerfMeasurementTests
{
    private static PerfInstanceResult Instance(int index, long completed, double seconds, int process = 0) =>
        new() { ParallelIndex = index, ProcessIndex = process, CompletedOperations = completed, LastCompletionSeconds = seconds };

    [Fact]
    public void OpsPerSecond_InstancesWithDifferentLastCompletion_SumsPerInstanceRates()
    {
        // 10 ops by 1 s and 30 ops by 2 s: 10 + 15 = 25 ops/s (not 40 / 2 = 20).
        var ops = PerfResultMath.OpsPerSecond([Instance(0, 10, 1.0), Instance(1, 30, 2.0)]);

        Assert.Equal(25.0, ops, 12);
    }

    [Fact]
    public void OpsPerSecond_InstanceWithoutOperations_AddsNothing()
    {
        Assert.Equal(10.0, PerfResultMath.OpsPerSecond([Instance(0, 10, 1.0), Instance(1, 0, 0)]), 12);
        Assert.Equal(0, PerfResultMath.SecondsPerOperation(0));
    }

    [Fact]
    public void Merge_PartsFromTwoProcesses_ConcatenatesInstancesAndSumsSamples()
    {
        var stage = RunStage.ForIteration(1);
        var a = new PerfMeasurement
        {
            Stage = stage,
            DurationSeconds = 2,
            Instances = [Instance(0, 10, 1.0, process: 0)],
            Samples = [new PerfSample { ElapsedSeconds = 1, CompletedOperations = 10, CurrentOpsPerSecond = 10, AverageOpsPerSecond = 10 }],
        };
        var b = new PerfMeasurement
        {
            Stage = stage,
            DurationSeconds = 2,
            Instances = [Instance(1, 30, 2.0, process: 1)],
            Samples = [new PerfSample { ElapsedSeconds = 1.01, CompletedOperations = 15, CurrentOpsPerSecond = 15, AverageOpsPerSecond = 15 }],
        };

        var merged = PerfMeasurement.Merge([b, a]);

        Assert.Equal([0, 1], merged.Instances.Select(i => i.ParallelIndex).ToArray());
        Assert.Equal(40, merged.CompletedOperations);
        Assert.Equal(25.0, merged.OpsPerSecond, 12);
        Assert.Equal(25, Assert.Single(merged.Samples).CompletedOperations);
        Assert.Equal(1.01, merged.Samples[0].ElapsedSeconds, 12);
    }

    [Fact]
    public void Merge_DifferentStages_Throws()
    {
        var a = new PerfMeasurement { Stage = RunStage.ForIteration(1), DurationSeconds = 1, Instances = [] };
        var b = a with { Stage = RunStage.ForIteration(2) };

        Assert.Throws<ArgumentException>(() => PerfMeasurement.Merge([a, b]));
    }

    [Fact]
    public void Serialize_Result_WritesTheContractNames()
    {
        var result = new PerfRunResult
        {
            Test = "NoOpTest",
            Status = PerfRunStatus.Failed,
            Options = new Dictionary<string, object?> { ["duration"] = 3, ["key"] = "***" },
            StartedAt = DateTimeOffset.UnixEpoch,
            CompletedAt = DateTimeOffset.UnixEpoch,
            Iterations = [new PerfMeasurement { Stage = RunStage.ForIteration(1), DurationSeconds = 3, Instances = [Instance(0, 30, 3.0)] }],
            Errors = [PerfRunError.From(new RunStage(PerfStage.Setup), new InvalidOperationException("boom"))],
            Environment = PerfEnvironmentInfo.Current(),
        };

        using var json = System.Text.Json.JsonDocument.Parse(PerfResultsFile.Serialize(result));
        var root = json.RootElement;

        Assert.Equal(PerfRunResult.CurrentSchemaVersion, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("failed", root.GetProperty("status").GetString());
        Assert.Equal(10.0, root.GetProperty("opsPerSecond").GetDouble(), 12);
        Assert.Equal(30, root.GetProperty("completedOperations").GetInt64());
        Assert.Equal(0.1, root.GetProperty("secondsPerOperation").GetDouble(), 12);
        Assert.Equal("setup", root.GetProperty("errors")[0].GetProperty("stage").GetProperty("stage").GetString());
        Assert.Equal("System.InvalidOperationException", root.GetProperty("errors")[0].GetProperty("type").GetString());
        Assert.Equal("***", root.GetProperty("options").GetProperty("key").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, root.GetProperty("warmup").ValueKind);
    }
}
