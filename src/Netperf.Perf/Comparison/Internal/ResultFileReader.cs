using System.Text.Json;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>Reads the figures a comparison needs from results files (the JSON contract), adding to one side.</summary>
internal static class ResultFileReader
{
    public static void AddTo(List<TestSamples> side, JsonElement root)
    {
        var test = root.GetProperty("test").GetString() ?? "?";
        var samples = side.FirstOrDefault(s => s.Test == test);
        if (samples is null)
        {
            samples = new TestSamples(test);
            side.Add(samples);
        }

        foreach (var iteration in root.GetProperty("iterations").EnumerateArray())
        {
            samples.OperationsPerSecond.Add(iteration.GetProperty("opsPerSecond").GetDouble());
            if (iteration.TryGetProperty("samples", out var intervals))
            {
                samples.IntervalOperationsPerSecond.AddRange(intervals.EnumerateArray().Select(s => s.GetProperty("currentOpsPerSecond").GetDouble()).Where(v => v > 0));
            }

            if (iteration.TryGetProperty("latency", out var latency) && latency.ValueKind == JsonValueKind.Object)
            {
                var service = latency.GetProperty("serviceTime");
                foreach (var (name, property) in new[] { ("p50", "p50"), ("p99", "p99") })
                {
                    if (!samples.Latency.TryGetValue(name, out var list))
                    {
                        list = [];
                        samples.Latency[name] = list;
                    }

                    list.Add(service.GetProperty(property).GetDouble());
                }
            }
        }
    }
}
