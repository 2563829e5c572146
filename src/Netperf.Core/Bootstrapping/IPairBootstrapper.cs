using Netperf.Core.Pairs;

namespace Netperf.Core.Bootstrapping;

/// <summary>
/// Makes a pair test-ready and proves it. Implementations never report a pair ready unless the
/// client has run a command on <c>netperf-peer</c> through a real session and the required tools answered.
/// </summary>
public interface IPairBootstrapper
{
    /// <summary>Runs the bootstrap steps (each idempotent and individually timed) and the readiness proof.</summary>
    /// <param name="pair">The pair to make ready.</param>
    /// <param name="requirements">What the job needs on the pair.</param>
    /// <param name="cancellationToken">Cancels bootstrapping.</param>
    /// <returns>The readiness report; <see cref="ReadinessReport.IsReady"/> is true only after the proof passed.</returns>
    Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default);
}
