using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Tool.Bench;

/// <summary>
/// Bootstraps <see cref="SimulatedVmPairProvider"/> pairs only: they have nothing to prove, so the
/// report says so (transport <c>simulated</c>). Any other pair is refused.
/// </summary>
internal sealed class SimulatedBootstrapper : IPairBootstrapper
{
    public Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        var simulated = pair.Environment == "simulated";
        return Task.FromResult(new ReadinessReport
        {
            PairId = pair.Id,
            Transport = "simulated",
            IsReady = simulated,
            Steps =
            [
                new ReadinessStep
                {
                    Name = "prove-ready",
                    Outcome = simulated ? ReadinessStepOutcome.Skipped : ReadinessStepOutcome.Failed,
                    Duration = TimeSpan.Zero,
                    Detail = simulated ? "simulated pair: nothing to prove" : "not a simulated pair",
                },
            ],
        });
    }
}
