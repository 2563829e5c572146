namespace Netperf.Results.Series;

/// <summary>
/// Which way is better for a unit. Higher is better unless the unit is a time (<c>ns</c>, <c>us</c>, <c>µs</c>,
/// <c>ms</c>, <c>s</c>, <c>sec</c>, <c>seconds</c>, <c>min</c>, or a time per something such as <c>s/op</c>,
/// <c>ns/op</c>), a size per operation (<c>B/op</c>, <c>bytes/op</c>, <c>allocs/op</c>), or names a loss, an
/// error, a drop, a retransmit or latency (for example <c>% loss</c>, <c>errors</c>).
/// </summary>
public static class ResultUnits
{
    private static readonly HashSet<string> LowerTimes = new(StringComparer.OrdinalIgnoreCase)
    {
        "ns", "us", "µs", "μs", "ms", "s", "sec", "secs", "second", "seconds", "min", "minutes", "nanoseconds", "microseconds", "milliseconds",
    };

    private static readonly string[] LowerWords = ["loss", "error", "drop", "retrans", "latency", "fail", "timeout"];

    /// <summary>True when a higher value is better in <paramref name="unit"/>.</summary>
    /// <param name="unit">The unit, as written.</param>
    /// <returns>False for times, sizes per operation and losses; true otherwise.</returns>
    public static bool HigherIsBetter(string? unit)
    {
        var u = (unit ?? string.Empty).Trim();
        if (u.Length == 0)
        {
            return true;
        }

        if (LowerTimes.Contains(u))
        {
            return false;
        }

        var slash = u.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var top = u[..slash].Trim();
            var bottom = u[(slash + 1)..].Trim();
            if (LowerTimes.Contains(top) || (bottom.Equals("op", StringComparison.OrdinalIgnoreCase) && top is "B" or "b" or "bytes" or "KB" or "MB" or "allocs" or "allocations"))
            {
                return false;
            }
        }

        return !LowerWords.Any(w => u.Contains(w, StringComparison.OrdinalIgnoreCase));
    }
}
