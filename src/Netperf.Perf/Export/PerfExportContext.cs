namespace Netperf.Perf.Export;

/// <summary>Where an <see cref="IPerfExporter"/> writes: beside <c>--results-file</c>, or <c>netperf-TEST.*</c> in the current folder.</summary>
public sealed class PerfExportContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="pathStem">The full path of the files without their extension.</param>
    /// <param name="resultsFile">The full path of <c>--results-file</c>, when the run writes one.</param>
    public PerfExportContext(string pathStem, string? resultsFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pathStem);
        PathStem = pathStem;
        ResultsFile = resultsFile;
    }

    /// <summary>The full path of the files without their extension, such as <c>/work/r</c> for <c>--results-file /work/r.json</c>.</summary>
    public string PathStem { get; }

    /// <summary>The full path of the <c>--results-file</c> the run writes itself, or <see langword="null"/>.</summary>
    public string? ResultsFile { get; }

    /// <summary>The path of the file with <paramref name="extension"/>: <c>STEM.EXTENSION</c>.</summary>
    /// <param name="extension">The extension without its dot, such as <c>md</c>.</param>
    /// <returns>The full path.</returns>
    public string PathFor(string extension)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(extension);
        return $"{PathStem}.{extension}";
    }

    /// <summary>The context of a run: the stem of <paramref name="resultsFile"/>, else <c>netperf-TEST</c> in the current folder.</summary>
    /// <param name="test">The test's name.</param>
    /// <param name="resultsFile">The <c>--results-file</c> option as given, or <see langword="null"/>.</param>
    /// <returns>The context.</returns>
    public static PerfExportContext For(string test, string? resultsFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(test);
        if (resultsFile is not { Length: > 0 })
        {
            return new PerfExportContext(Path.GetFullPath($"netperf-{test}"), null);
        }

        var full = Path.GetFullPath(resultsFile);
        return new PerfExportContext(Path.Combine(Path.GetDirectoryName(full) ?? ".", Path.GetFileNameWithoutExtension(full)), full);
    }
}
