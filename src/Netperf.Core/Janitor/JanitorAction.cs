namespace Netperf.Core.Janitor;

/// <summary>What the janitor does with a pair.</summary>
public enum JanitorAction
{
    /// <summary>Leave it alone.</summary>
    Keep,

    /// <summary>Delete it.</summary>
    Delete,
}
