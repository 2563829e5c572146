namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// <c>--export</c>: extra result formats, comma-separated: <c>json</c>, <c>md</c>, <c>csv</c>, <c>html</c>.
    /// Files are written beside <c>--results-file</c> (or as <c>netperf-TEST.*</c> in the current folder);
    /// Markdown is also appended to <c>$GITHUB_STEP_SUMMARY</c> when set. Default: none.
    /// </summary>
    [PerfOption("--export", Description = "Extra result formats: json,md,csv,html (md also goes to $GITHUB_STEP_SUMMARY when set).")]
    public string? Export { get; set; }

    /// <summary><c>--job-statistics</c>: also print the measurements as a dotnet/crank job-statistics block. Default false.</summary>
    [PerfOption("--job-statistics", Description = "Also print the measurements in dotnet/crank's #StartJobStatistics block.")]
    public bool JobStatistics { get; set; }
}
