namespace Netperf.Core.GitHub;

/// <summary>What the runner janitor did with one runner.</summary>
public enum RunnerPruneAction
{
    /// <summary>Left alone (busy, its run is alive, its pair exists, or it cannot tell).</summary>
    Kept,

    /// <summary>Deleted.</summary>
    Deleted,

    /// <summary>Would be deleted, but this was a dry run.</summary>
    WouldDelete,

    /// <summary>Deleting it failed; the reason says why.</summary>
    Failed,
}
