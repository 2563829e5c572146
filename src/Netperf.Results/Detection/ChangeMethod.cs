namespace Netperf.Results.Detection;

/// <summary>What found a change.</summary>
public enum ChangeMethod
{
    /// <summary>E-Divisive means with a permutation test (a change with points on both sides).</summary>
    EDivisive,

    /// <summary>The tail check: the last one or two points beyond every point of the series' last level, by far.</summary>
    Tail,
}
