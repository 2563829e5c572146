using System.Text.Json;
using System.Text.Json.Nodes;
using Netperf.Perf.Results;

namespace Netperf.Perf.Export.Internal;

/// <summary>dotnet/crank's job-statistics block: metadata and measurements between #StartJobStatistics and #EndJobStatistics.</summary>
internal static class JobStatistics
{
    public static string Format(PerfRunResult result, DateTimeOffset timestamp)
    {
        var metadata = new JsonArray();
        var measurements = new JsonArray();
        void Add(string name, string shortDescription, string longDescription, string format, double value)
        {
            metadata.Add(new JsonObject
            {
                ["source"] = "Netperf",
                ["name"] = name,
                ["aggregate"] = "max",
                ["reduce"] = "sum",
                ["format"] = format,
                ["shortDescription"] = shortDescription,
                ["longDescription"] = longDescription,
            });
            measurements.Add(new JsonObject { ["timestamp"] = timestamp.ToString("O"), ["name"] = name, ["value"] = value });
        }

        Add("netperf/ops-per-second", "Ops/s", $"{result.Test}: operations per second (mean over iterations)", "n2", result.OpsPerSecond);
        Add("netperf/operations", "Operations", $"{result.Test}: operations completed over all iterations", "n0", result.CompletedOperations);
        if (LatencyText.OfRun(result) is { } latency)
        {
            foreach (var (label, value) in latency.ServiceTime.ToList())
            {
                Add($"netperf/latency/{label}", $"Latency {label} (ms)", $"{result.Test}: service-time latency {label} in milliseconds", "n4", value / 1e6);
            }

            if (latency.Corrected is { } corrected)
            {
                Add("netperf/corrected-latency/p99", "Corrected p99 (ms)", $"{result.Test}: latency p99 from intended start, in milliseconds", "n4", corrected.P99 / 1e6);
            }
        }

        var json = new JsonObject { ["metadata"] = metadata, ["measurements"] = measurements }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
        return "#StartJobStatistics" + Environment.NewLine + json + Environment.NewLine + "#EndJobStatistics";
    }
}
