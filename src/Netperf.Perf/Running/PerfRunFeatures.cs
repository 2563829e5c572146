using Netperf.Perf.Latency.Internal;
using Netperf.Perf.Proxy.Internal;

namespace Netperf.Perf.Running;

/// <summary>The run features every run has, registered here and nowhere else.</summary>
public static class PerfRunFeatures
{
    /// <summary>
    /// <c>latency-rate</c> (<c>--latency</c>, <c>--rate</c>: per-operation latency histograms and open-loop pacing) and
    /// <c>test-proxy</c> (<c>--test-proxies</c>: record once, then play back).
    /// </summary>
    public static IReadOnlyList<IPerfRunFeature> BuiltIn { get; } = [new LatencyRateFeature(), new TestProxyFeature()];
}
