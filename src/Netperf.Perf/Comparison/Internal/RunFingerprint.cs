namespace Netperf.Perf.Comparison.Internal;

/// <summary>What must match for two results files to be comparable: the test, its options and the machine.</summary>
/// <param name="File">The results file.</param>
/// <param name="Test">The test's name.</param>
/// <param name="Options">Options as written (raw JSON text per option).</param>
/// <param name="Environment">Environment fields as written (raw JSON text per field).</param>
internal sealed record RunFingerprint(string File, string Test, IReadOnlyDictionary<string, string> Options, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Options that say where output goes, not what was measured.</summary>
    public static readonly IReadOnlySet<string> OutputOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "results-file", "export", "status-interval", "job-statistics", "profile",
    };

    /// <summary>Options that change the amount of data, not what is measured: a difference is a warning.</summary>
    public static readonly IReadOnlySet<string> SampleSizeOptions = new HashSet<string>(StringComparer.Ordinal)
    {
        "duration", "warmup", "iterations",
    };

    /// <summary>Environment fields that are expected to differ (the versions under test are the point of a versions run).</summary>
    public static readonly IReadOnlySet<string> ExpectedEnvironmentDifferences = new HashSet<string>(StringComparer.Ordinal)
    {
        "assembliesUnderTest",
    };
}
