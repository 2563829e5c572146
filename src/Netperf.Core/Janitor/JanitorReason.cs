namespace Netperf.Core.Janitor;

/// <summary>Why the janitor decided what it did.</summary>
public enum JanitorReason
{
    /// <summary>Delete: its <c>netperf-expires</c> time has passed.</summary>
    Expired,

    /// <summary>Delete: the run named by <c>netperf-run</c> has ended (an orphan).</summary>
    RunEnded,

    /// <summary>Keep: it lacks one of <c>netperf-owner</c>, <c>netperf-run</c>, <c>netperf-pair</c> or a readable <c>netperf-expires</c>; not ours to touch.</summary>
    NotOurs,

    /// <summary>Keep: it belongs to another owner than the one being swept.</summary>
    OtherOwner,

    /// <summary>Keep: its run is alive and it has not expired.</summary>
    RunAlive,

    /// <summary>Keep: it has not expired and no liveness check says its run ended.</summary>
    NotExpired,

    /// <summary>Delete: a remnant (<see cref="Pairs.PairRecord.IsRemnant"/>): what a crash left, provably the provider's own.</summary>
    Remnant,
}
