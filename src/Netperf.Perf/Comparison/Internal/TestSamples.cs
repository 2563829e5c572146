using Netperf.Perf.Latency;

namespace Netperf.Perf.Comparison.Internal;

/// <summary>
/// One side of a comparison for one test: the files' own ops/s (what is shown), throughput per iteration
/// (over every file of that side), per-interval throughput as a fallback noise estimate, the recorded latency
/// histograms per iteration, and each file's options and environment (checked for differences).
/// </summary>
internal sealed record TestSamples(string Test)
{
    /// <summary>Each file's top-level <c>opsPerSecond</c>, the figure shown beside the verdict.</summary>
    public List<double> FileOperationsPerSecond { get; } = [];

    public List<double> OperationsPerSecond { get; } = [];

    public List<double> IntervalOperationsPerSecond { get; } = [];

    /// <summary>Latency histograms per iteration by kind (<c>service</c>, <c>corrected</c>).</summary>
    public Dictionary<string, List<LatencyHistogram>> Histograms { get; } = [];

    /// <summary>Each file's settings, for the sameness check.</summary>
    public List<RunFingerprint> Runs { get; } = [];

    /// <summary>The ops/s shown for this side: the file's own figure (the mean of the files' when several).</summary>
    public double ShownOperationsPerSecond =>
        FileOperationsPerSecond.Count > 0 ? FileOperationsPerSecond.Average()
        : OperationsPerSecond.Count > 0 ? OperationsPerSecond.Average() : 0;
}
