using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf.SystemTests;

/// <summary>Options of <see cref="SleepTest"/>.</summary>
public sealed class SleepTestOptions : PerfOptions
{
    /// <summary><c>--delay-ms</c>: milliseconds each operation sleeps. Default 100.</summary>
    [PerfOption("--delay-ms", Description = "Milliseconds each operation sleeps.")]
    [Range(0, 3_600_000, ErrorMessage = "must be between 0 and 3600000 milliseconds")]
    public int DelayMs { get; set; } = 100;
}
