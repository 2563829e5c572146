using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Core.Pool;

/// <summary>
/// A job of the <see cref="PairPool"/>: work that needs one pair (often the GitHub Actions job of one
/// <c>MatrixEntry</c>, whose id it carries).
/// </summary>
public sealed record PoolJob
{
    /// <summary>The job's id, unique within a run (for example a matrix entry's id).</summary>
    public required string Id { get; init; }

    /// <summary>The pair the job needs; any pair of an interchangeable spec will do.</summary>
    public required MachineSpec Spec { get; init; }

    /// <summary>What must be installed on the pair.</summary>
    public BootstrapRequirements Requirements { get; init; } = BootstrapRequirements.None;
}
