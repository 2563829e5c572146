namespace Netperf.Results.Detection;

/// <summary>What a check concludes about a series.</summary>
public enum RegressionVerdict
{
    /// <summary>No regression.</summary>
    None,

    /// <summary>A regression that too few points after it show yet (or a drop in the last one or two points); watch the next runs.</summary>
    Suspected,

    /// <summary>A regression that enough points after it agree on (<see cref="ChangePointOptions.ConfirmPoints"/>); <c>results check</c> exits 3.</summary>
    Confirmed,

    /// <summary>Every regression found was followed by a recovery to better than halfway back.</summary>
    Recovered,
}
