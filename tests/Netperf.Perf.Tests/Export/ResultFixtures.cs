using Netperf.Perf.Latency;
using Netperf.Perf.Processes;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Tests.Export;

/// <summary>Synthetic results for exporter and comparison tests.</summary>
internal static class ResultFixtures
{
    public static PerfRunResult Run(string test = "NoOpTest", double opsPerSecond = 1000, int iterations = 1, bool latency = true, double noise = 0, int seed = 1)
    {
        var random = new Random(seed);
        var list = new List<PerfMeasurement>();
        for (var i = 1; i <= iterations; i++)
        {
            var ops = opsPerSecond * (1 + ((random.NextDouble() - 0.5) * noise));
            var histogram = new LatencyHistogram();
            for (var k = 0; k < 1000; k++)
            {
                histogram.Record((long)(1e9 / ops * (0.5 + random.NextDouble())));
            }

            PerfSample[] samples = [Sample(1, ops), Sample(2, ops)];
            list.Add(new PerfMeasurement
            {
                Stage = RunStage.ForIteration(i),
                DurationSeconds = 2,
                Instances =
                [
                    new PerfInstanceResult { ParallelIndex = 0, ProcessIndex = 0, CompletedOperations = (long)ops, LastCompletionSeconds = 2 },
                    new PerfInstanceResult { ParallelIndex = 1, ProcessIndex = 1, CompletedOperations = (long)ops, LastCompletionSeconds = 2 },
                ],
                Samples = samples,
                ProcessSamples =
                [
                    new PerfProcessSeries { ProcessIndex = 0, Samples = [Sample(1, ops / 2), Sample(2, ops / 2)] },
                    new PerfProcessSeries { ProcessIndex = 1, Samples = [Sample(1, ops / 2), Sample(2, ops / 2)] },
                ],
                Latency = latency ? PerfLatency.From(histogram, null) : null,
            });
        }

        return new PerfRunResult
        {
            Test = test,
            Status = PerfRunStatus.Succeeded,
            Options = new Dictionary<string, object?> { ["parallel"] = 2 },
            StartedAt = DateTimeOffset.UnixEpoch,
            CompletedAt = DateTimeOffset.UnixEpoch.AddSeconds(10),
            Iterations = list,
            Environment = PerfEnvironmentInfo.Current(typeof(ResultFixtures).Assembly),
        };
    }

    private static PerfSample Sample(double elapsed, double ops) => new()
    {
        ElapsedSeconds = elapsed,
        CompletedOperations = (long)(ops * elapsed),
        CurrentOpsPerSecond = ops,
        AverageOpsPerSecond = ops,
    };
}
