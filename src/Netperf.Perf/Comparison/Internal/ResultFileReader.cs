using System.Text.Json;
using Netperf.Perf.Latency;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>Reads the figures a comparison needs from results files (the JSON contract), adding to one side.</summary>
internal static class ResultFileReader
{
    public static void AddTo(List<TestSamples> side, JsonElement root, string file = "")
    {
        var test = Required(root, "test").GetString() ?? "?";
        var samples = side.FirstOrDefault(s => s.Test == test);
        if (samples is null)
        {
            samples = new TestSamples(test);
            side.Add(samples);
        }

        if (root.TryGetProperty("opsPerSecond", out var fileOps) && fileOps.ValueKind == JsonValueKind.Number)
        {
            samples.FileOperationsPerSecond.Add(fileOps.GetDouble());
        }

        samples.Runs.Add(new RunFingerprint(file, test, RawFields(root, "options"), RawFields(root, "environment")));
        foreach (var iteration in Required(root, "iterations").EnumerateArray())
        {
            samples.OperationsPerSecond.Add(Required(iteration, "opsPerSecond", "iterations[].").GetDouble());
            if (iteration.TryGetProperty("samples", out var intervals))
            {
                samples.IntervalOperationsPerSecond.AddRange(intervals.EnumerateArray().Select(s => s.GetProperty("currentOpsPerSecond").GetDouble()).Where(v => v > 0));
            }

            if (iteration.TryGetProperty("latency", out var latency) && latency.ValueKind == JsonValueKind.Object)
            {
                foreach (var (kind, property) in new[] { ("service", "serviceTimeHistogram"), ("corrected", "correctedHistogram") })
                {
                    if (latency.TryGetProperty(property, out var encoded) && encoded.ValueKind == JsonValueKind.String)
                    {
                        if (!samples.Histograms.TryGetValue(kind, out var list))
                        {
                            list = [];
                            samples.Histograms[kind] = list;
                        }

                        list.Add(LatencyHistogram.DecodeFromBase64(encoded.GetString()!));
                    }
                }
            }
        }
    }

    /// <summary>A property the contract always has; its absence means the file is some other JSON, and says which.</summary>
    private static JsonElement Required(JsonElement element, string name, string where = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{(where.Length == 0 ? "the file" : where.TrimEnd('.'))} is a JSON {element.ValueKind.ToString().ToLowerInvariant()}, not an object (write results files with --results-file)");
        }

        return element.TryGetProperty(name, out var value)
            ? value
            : throw new FormatException($"it has no '{where}{name}' property (write results files with --results-file)");
    }

    private static Dictionary<string, string> RawFields(JsonElement root, string name)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                fields[property.Name] = property.Value.GetRawText();
            }
        }

        return fields;
    }
}
