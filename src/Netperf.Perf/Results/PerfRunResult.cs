namespace Netperf.Perf.Results;

/// <summary>
/// The result of a run: what the console result block shows and what the results file holds
/// (see <c>docs/perf-tests.md</c> for the JSON contract).
/// </summary>
public sealed record PerfRunResult
{
    /// <summary>The version of the results-file contract this record serializes to.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>The results-file contract version (<see cref="CurrentSchemaVersion"/>).</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The test's name (its class name).</summary>
    public required string Test { get; init; }

    /// <summary>How the run ended.</summary>
    public required PerfRunStatus Status { get; init; }

    /// <summary>Every option of the run by its long name (without dashes); secret options are redacted.</summary>
    public required IReadOnlyDictionary<string, object?> Options { get; init; }

    /// <summary>The command-line arguments after the test name.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended (UTC), cleanup included.</summary>
    public required DateTimeOffset CompletedAt { get; init; }

    /// <summary>The warm-up measurement, when one ran.</summary>
    public PerfMeasurement? Warmup { get; init; }

    /// <summary>The measured iterations, in order.</summary>
    public required IReadOnlyList<PerfMeasurement> Iterations { get; init; }

    /// <summary>Operations completed over all iterations.</summary>
    public long CompletedOperations => Iterations.Sum(i => i.CompletedOperations);

    /// <summary>The mean over iterations of each iteration's operations per second (0 without iterations).</summary>
    public double OpsPerSecond => Iterations.Count == 0 ? 0 : Iterations.Average(i => i.OpsPerSecond);

    /// <summary>Seconds per operation (the inverse of <see cref="OpsPerSecond"/>).</summary>
    public double SecondsPerOperation => PerfResultMath.SecondsPerOperation(OpsPerSecond);

    /// <summary>Every stage failure, the first one first (cleanup failures follow).</summary>
    public IReadOnlyList<PerfRunError> Errors { get; init; } = [];

    /// <summary>The machine and runtime.</summary>
    public required PerfEnvironmentInfo Environment { get; init; }

    /// <summary>
    /// Where the result comes from (run, commit, environment, image, size, pair, both machines), for a history
    /// of results; null in files written before it existed. The runners fill it with <see cref="PerfProvenance.Current"/>.
    /// </summary>
    public PerfProvenance? Provenance { get; init; }
}
