namespace Netperf.Perf.Results;

/// <summary>The result formulas, in one place so every consumer computes them the same way.</summary>
public static class PerfResultMath
{
    /// <summary>
    /// Operations per second of a set of instances: Σ over instances of completed operations divided
    /// by that instance's last completion time (the formula of the Azure SDK perf frameworks). It is
    /// additive, so instances from several processes merge by concatenation.
    /// </summary>
    /// <param name="instances">The instances' counters.</param>
    /// <returns>The total operations per second (0 when nothing completed).</returns>
    public static double OpsPerSecond(IEnumerable<PerfInstanceResult> instances)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var total = 0.0;
        foreach (var instance in instances)
        {
            total += instance.OpsPerSecond;
        }

        return total;
    }

    /// <summary>Seconds per operation: the inverse of <paramref name="opsPerSecond"/> (0 when it is 0).</summary>
    /// <param name="opsPerSecond">Operations per second.</param>
    /// <returns>Seconds per operation.</returns>
    public static double SecondsPerOperation(double opsPerSecond) => opsPerSecond > 0 ? 1 / opsPerSecond : 0;
}
