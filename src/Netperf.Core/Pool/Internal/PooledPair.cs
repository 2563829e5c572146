using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Core.Pool.Internal;

/// <summary>The pool's mutable record of one pair; guarded by the pool's lock.</summary>
internal sealed class PooledPair(string id, MachineSpec spec, BootstrapRequirements requirements, long requestedAt)
{
    public string Id { get; } = id;

    public MachineSpec Spec { get; } = spec;

    public BootstrapRequirements Requirements { get; } = requirements;

    public long RequestedAt { get; } = requestedAt;

    public PairState State { get; set; } = PairState.Requested;

    /// <summary>The job whose wait made the pool create this pair.</summary>
    public string? RequestedFor { get; init; }

    public VmPair? Pair { get; set; }

    public ReadinessReport? Readiness { get; set; }

    public List<PairLease> Leases { get; } = [];

    public int LeasesServed { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>The pair's <c>netperf-expires</c> as its provider stores it (what the janitor judges by).</summary>
    public DateTimeOffset? PersistedExpiry { get; set; }

    /// <summary>True while an extension of <see cref="PersistedExpiry"/> is in flight.</summary>
    public bool ExtendingExpiry { get; set; }

    public bool IsInFlight => State is PairState.Requested or PairState.Creating or PairState.Bootstrapping;

    public bool CanServe(PoolJob job) =>
        Spec.IsInterchangeableWith(job.Spec) && Satisfies(Requirements, job.Requirements);

    public PairSnapshot ToSnapshot() => new()
    {
        Id = Id,
        Spec = Spec,
        State = State,
        ActiveLeases = Leases.Count,
        LeasesServed = LeasesServed,
        FailureReason = FailureReason,
    };

    private static bool Satisfies(BootstrapRequirements have, BootstrapRequirements need) =>
        (have.RequirePowerShell || !need.RequirePowerShell)
        && need.Tools.All(t => have.Tools.Contains(t, StringComparer.OrdinalIgnoreCase));
}
