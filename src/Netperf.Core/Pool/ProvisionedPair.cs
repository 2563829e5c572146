using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Core.Pool;

/// <summary>A pair that was created and proven ready.</summary>
/// <param name="Pair">The pair.</param>
/// <param name="Readiness">The bootstrapper's report; <see cref="ReadinessReport.IsReady"/> is always true here.</param>
public sealed record ProvisionedPair(VmPair Pair, ReadinessReport Readiness);
