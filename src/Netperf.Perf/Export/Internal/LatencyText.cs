using Netperf.Perf.Latency;
using Netperf.Perf.Results;

namespace Netperf.Perf.Export.Internal;

/// <summary>Latency over a run's iterations (their histograms merged), for reports.</summary>
internal static class LatencyText
{
    public static PerfLatency? OfRun(PerfRunResult result) => PerfLatency.Merge(result.Iterations.Select(i => i.Latency));

    public static IEnumerable<string> Lines(PerfLatency latency)
    {
        yield return "Service time: " + Row(latency.ServiceTime);
        if (latency.Corrected is { } corrected)
        {
            yield return "Corrected for coordinated omission (from intended start): " + Row(corrected);
        }
    }

    public static string Row(LatencyPercentiles p) =>
        string.Join(", ", p.ToList().Select(kv => $"{kv.Key} {LatencyPercentiles.Format(kv.Value)}")) + $" (count {p.Count:N0})";
}
