using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf;

/// <summary>
/// The options every perf test has. A test with its own options derives a class from this one and
/// marks each property with <see cref="PerfOptionAttribute"/>; it must keep a public parameterless
/// constructor. Defaults are the property initial values. This class is partial so the runner's
/// other features (multi-process, latency, rate) declare their options beside their code.
/// </summary>
public partial class PerfOptions
{
    /// <summary><c>-d|--duration</c>: seconds each iteration runs. Default 10.</summary>
    [PerfOption("--duration", "-d", Description = "Seconds each iteration runs.")]
    [Range(1, int.MaxValue, ErrorMessage = "must be 1 or more seconds")]
    public int Duration { get; set; } = 10;

    /// <summary><c>-w|--warmup</c>: seconds of warm-up before the first iteration; 0 skips it. Default 5.</summary>
    [PerfOption("--warmup", "-w", Description = "Seconds of warm-up before the first iteration (0 skips it).")]
    [Range(0, int.MaxValue, ErrorMessage = "must be 0 (no warm-up) or more seconds")]
    public int Warmup { get; set; } = 5;

    /// <summary><c>-p|--parallel</c>: how many instances run concurrently. Default 1.</summary>
    [PerfOption("--parallel", "-p", Description = "How many instances of the test run concurrently.")]
    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int Parallel { get; set; } = 1;

    /// <summary><c>-i|--iterations</c>: how many timed iterations run. Default 1.</summary>
    [PerfOption("--iterations", "-i", Description = "How many timed iterations run after the warm-up.")]
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000")]
    public int Iterations { get; set; } = 1;

    /// <summary><c>--sync</c>: call the synchronous API, one dedicated thread per instance. Default false.</summary>
    [PerfOption("--sync", Description = "Call the synchronous API (Run/RunBatch) on one dedicated thread per instance.")]
    public bool Sync { get; set; }

    /// <summary><c>--no-cleanup</c>: skip cleanup and global cleanup (pre-cleanup and disposal still run). Default false.</summary>
    [PerfOption("--no-cleanup", Description = "Skip CleanupAsync and GlobalCleanupAsync (PreCleanupAsync and disposal still run).")]
    public bool NoCleanup { get; set; }

    /// <summary><c>--insecure</c>: accept any TLS server certificate (tests that open connections honour it). Default false.</summary>
    [PerfOption("--insecure", Description = "Accept any TLS server certificate (tests that make connections honour it).")]
    public bool Insecure { get; set; }

    /// <summary><c>--status-interval</c>: seconds between status lines. Default 1.</summary>
    [PerfOption("--status-interval", Description = "Seconds between status lines.")]
    [Range(0.01, 3600.0, ErrorMessage = "must be between 0.01 and 3600 seconds")]
    public double StatusInterval { get; set; } = 1;

    /// <summary><c>--results-file</c>: where to write the JSON results (schema in docs/perf-tests.md). Default: none.</summary>
    [PerfOption("--results-file", Description = "Write the results as JSON to this file.")]
    public string? ResultsFile { get; set; }
}
