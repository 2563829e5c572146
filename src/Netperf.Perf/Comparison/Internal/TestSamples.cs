namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// One side of a comparison for one test: throughput per iteration (over every file of that side),
/// per-interval throughput as a fallback noise estimate, and latency percentiles per iteration (ns).
/// </summary>
internal sealed record TestSamples(string Test)
{
    public List<double> OperationsPerSecond { get; } = [];

    public List<double> IntervalOperationsPerSecond { get; } = [];

    public Dictionary<string, List<double>> Latency { get; } = [];
}
