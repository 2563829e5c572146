using Netperf.Core.Pairs;

namespace Netperf.Core.Bootstrapping;

/// <summary>
/// Implemented by a pair provider that learns from how its pairs bootstrapped (the lab quarantines a host whose pairs
/// keep failing). The <c>PairProvisioner</c>, and so the <c>PairPool</c>, reports every bootstrap of a pair the provider
/// made, ready or not; a bootstrapper that threw is reported as a failed <c>bootstrap</c> step.
/// </summary>
public interface IPairBootstrapObserver
{
    /// <summary>Tells the provider how bootstrapping one of its pairs went. It must not throw; it is not awaited.</summary>
    /// <param name="pair">A pair this provider made.</param>
    /// <param name="report">The bootstrapper's report.</param>
    void ReportBootstrap(VmPair pair, ReadinessReport report);
}
