namespace Netperf.Perf.Discovery.Internal;

/// <summary>Name normalisation and "did you mean" suggestions.</summary>
internal static class NameMatcher
{
    private const string Suffix = "test";

    public static string Normalize(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        return lower.Length > Suffix.Length && lower.EndsWith(Suffix, StringComparison.Ordinal)
            ? lower[..^Suffix.Length]
            : lower;
    }

    public static IReadOnlyList<string> Closest(string name, IEnumerable<string> candidates, int count)
    {
        var key = Normalize(name);
        return candidates
            .Select(c => (Name: c, Key: Normalize(c)))
            .Select(c => (c.Name, Distance: Distance(key, c.Key), Contains: c.Key.Contains(key, StringComparison.Ordinal) || key.Contains(c.Key, StringComparison.Ordinal) || IsSubsequence(key, c.Key)))
            .Where(c => c.Contains || c.Distance <= Math.Max(2, key.Length / 2))
            .OrderBy(c => c.Contains ? 0 : 1)
            .ThenBy(c => c.Distance)
            .ThenBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
            .Take(count)
            .Select(c => c.Name)
            .ToList();
    }

    /// <summary>True when every character of <paramref name="short"/> appears in <paramref name="long"/> in order (an abbreviation).</summary>
    public static bool IsSubsequence(string @short, string @long)
    {
        if (@short.Length < 3)
        {
            return false;
        }

        var i = 0;
        foreach (var c in @long)
        {
            if (i < @short.Length && @short[i] == c)
            {
                i++;
            }
        }

        return i == @short.Length;
    }

    /// <summary>Levenshtein distance.</summary>
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
