using Netperf.Perf.Latency;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Results.Tests.Fixtures;

/// <summary>Results files as Netperf.Perf writes them (its own types, serialized by PerfResultsFile).</summary>
internal static class ResultFiles
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 6, 0, 0, TimeSpan.Zero);

    public static PerfRunResult Run(
        double opsPerSecond,
        DateTimeOffset startedAt,
        string commit = "c1",
        string test = "TcpThroughputTest",
        string environment = "azure",
        string image = "ubuntu-24.04",
        string size = "Standard_D4s_v5",
        string machine = "client-1",
        string peer = "peer-1",
        bool latency = false,
        PerfRunStatus status = PerfRunStatus.Succeeded,
        IReadOnlyDictionary<string, object?>? options = null)
    {
        LatencyHistogram? histogram = null;
        if (latency)
        {
            histogram = new LatencyHistogram();
            for (var k = 1; k <= 100; k++)
            {
                histogram.Record(1000 * k);
            }
        }

        return new PerfRunResult
        {
            Test = test,
            Status = status,
            Options = options ?? new Dictionary<string, object?> { ["duration"] = 10, ["parallel"] = 2, ["results-file"] = $"/tmp/{Guid.NewGuid():N}.json", ["peer"] = "10.0.0.5" },
            StartedAt = startedAt,
            CompletedAt = startedAt.AddSeconds(20),
            Iterations = status == PerfRunStatus.Succeeded
                ?
                [
                    new PerfMeasurement
                    {
                        Stage = RunStage.ForIteration(1),
                        DurationSeconds = 10,
                        Instances = [new PerfInstanceResult { ParallelIndex = 0, CompletedOperations = (long)(opsPerSecond * 10), LastCompletionSeconds = 10 }],
                        Latency = histogram is null ? null : PerfLatency.From(histogram, null),
                    },
                ]
                : [],
            Environment = PerfEnvironmentInfo.Current(),
            Provenance = new PerfProvenance
            {
                RunId = "run-" + commit,
                Commit = commit,
                Environment = environment,
                Image = image,
                Size = size,
                PairId = "pair-" + machine,
                Client = new PerfMachineIdentity { HostName = machine, Kernel = "6.8.0", CpuModel = "Xeon", NicDriver = "mlx5_core" },
                Peer = new PerfMachineIdentity { HostName = peer },
            },
        };
    }

    public static string Write(string folder, PerfRunResult result, string? name = null)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name ?? $"{result.Test}-{result.StartedAt.UtcTicks}-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, PerfResultsFile.Serialize(result));
        return path;
    }
}
