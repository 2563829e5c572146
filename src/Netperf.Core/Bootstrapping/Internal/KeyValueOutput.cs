namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>Reads the <c>key=value</c> lines the bootstrap scripts print.</summary>
internal static class KeyValueOutput
{
    public static IReadOnlyList<string> All(string output, string key) =>
        output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith(key + "=", StringComparison.Ordinal))
            .Select(line => line[(key.Length + 1)..].Trim())
            .ToList();

    public static string? First(string output, string key)
    {
        var all = All(output, key);
        return all.Count > 0 ? all[0] : null;
    }
}
