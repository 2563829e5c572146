namespace Netperf.Results.Detection;

/// <summary>Which way a change went, given the unit (<see cref="Series.ResultUnits.HigherIsBetter"/>).</summary>
public enum ChangeDirection
{
    /// <summary>Worse after the change.</summary>
    Regression,

    /// <summary>Better after the change.</summary>
    Improvement,
}
