namespace Netperf.Core.Pool.Internal;

/// <summary>The transition table documented on <see cref="PairState"/>; a transition outside it is a pool bug.</summary>
internal static class PairStateMachine
{
    public static bool IsAllowed(PairState from, PairState to) => (from, to) switch
    {
        (PairState.Requested, PairState.Creating or PairState.Deleted) => true,
        (PairState.Creating, PairState.Bootstrapping or PairState.Failed) => true,
        (PairState.Bootstrapping, PairState.Ready or PairState.Failed) => true,
        (PairState.Ready, PairState.Leased or PairState.Deleting or PairState.Detached) => true,
        (PairState.Leased, PairState.Leased or PairState.Ready or PairState.Failed or PairState.Expired or PairState.Detached) => true,
        (PairState.Failed or PairState.Expired, PairState.Deleting or PairState.Deleted) => true,
        (PairState.Deleting, PairState.Deleted or PairState.DeleteFailed) => true,
        _ => false,
    };

    public static bool CountsTowardCapacity(PairState state) => state is not (PairState.Deleted or PairState.DeleteFailed or PairState.Detached);
}
