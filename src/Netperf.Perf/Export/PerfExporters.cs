using Netperf.Perf.Export.Internal;

namespace Netperf.Perf.Export;

/// <summary>The exporters every perf-test executable has, registered here and nowhere else.</summary>
public static class PerfExporters
{
    /// <summary><c>json</c> (the results file contract), <c>md</c> (also appended to <c>$GITHUB_STEP_SUMMARY</c>), <c>csv</c>, <c>html</c>.</summary>
    public static IReadOnlyList<IPerfExporter> BuiltIn { get; } =
        [new JsonExporter(), new MarkdownExporter(), new CsvExporter(), new HtmlExporter()];

    /// <summary>
    /// The exporters <c>--export</c> names, in the order given (comma-separated, case-insensitive, repeats ignored).
    /// </summary>
    /// <param name="names">The <c>--export</c> value; <see langword="null"/> or empty selects none.</param>
    /// <param name="available">The exporters to choose from.</param>
    /// <returns>The chosen exporters.</returns>
    /// <exception cref="ArgumentException">A name matches no exporter; the message lists the names there are.</exception>
    public static IReadOnlyList<IPerfExporter> Select(string? names, IReadOnlyList<IPerfExporter> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var wanted = (names ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var unknown = wanted.Where(n => !available.Any(e => string.Equals(e.Name, n, StringComparison.OrdinalIgnoreCase))).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"--export: unknown format(s) {string.Join(", ", unknown)}; choose from {string.Join(",", available.Select(e => e.Name))}.");
        }

        return [.. wanted.Select(n => available.Last(e => string.Equals(e.Name, n, StringComparison.OrdinalIgnoreCase)))];
    }
}
