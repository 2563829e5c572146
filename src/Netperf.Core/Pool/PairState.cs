namespace Netperf.Core.Pool;

/// <summary>
/// The lifecycle of a pair in a <see cref="PairPool"/>. The allowed transitions are:
/// <code>
/// Requested ──► Creating ──► Bootstrapping ──► Ready ◄──► Leased
///     │             │              │             │          │  │
///     │             └──────────────┴──► Failed ◄─┼──────────┘  └──► Expired
///     │                                   │      │                    │
///     └──► Deleted ◄── Deleting ◄─────────┴──────┴────────────────────┘
///                          └──► DeleteFailed
/// </code>
/// <see cref="Requested"/> waits for a provisioning slot and goes straight to <see cref="Deleted"/>
/// when the pool is disposed first (nothing exists yet). <see cref="Failed"/> (creation,
/// bootstrap, or a job reported the pair broken) and <see cref="Expired"/> (a lease went
/// unrenewed) always end in deletion: a pair in an unknown state is never handed out again.
/// <see cref="Ready"/> goes to <see cref="Deleting"/> when the pool evicts an idle pair or is disposed.
/// <see cref="Ready"/> and <see cref="Leased"/> go to <see cref="Detached"/> when the caller takes the pairs over.
/// </summary>
public enum PairState
{
    /// <summary>Wanted by a job; waiting for a provisioning slot. Nothing exists yet.</summary>
    Requested,

    /// <summary>The provider is creating the machines.</summary>
    Creating,

    /// <summary>The machines exist; the bootstrapper is making them ready and proving it.</summary>
    Bootstrapping,

    /// <summary>Proven ready and idle.</summary>
    Ready,

    /// <summary>Held by one or more jobs.</summary>
    Leased,

    /// <summary>Creation or bootstrapping failed, or a job reported the pair broken; it will be deleted.</summary>
    Failed,

    /// <summary>A lease on it expired without a heartbeat; its state is unknown and it will be deleted.</summary>
    Expired,

    /// <summary>The provider is deleting it.</summary>
    Deleting,

    /// <summary>Gone. Terminal.</summary>
    Deleted,

    /// <summary>Deletion failed; the resources remain until the janitor removes them. Terminal for the pool.</summary>
    DeleteFailed,

    /// <summary>
    /// Handed over to the caller by <see cref="PairPool.DetachPairs"/> (from <see cref="Ready"/> or <see cref="Leased"/>): the
    /// pair lives on, the pool no longer deletes it. Terminal for the pool.
    /// </summary>
    Detached,
}
