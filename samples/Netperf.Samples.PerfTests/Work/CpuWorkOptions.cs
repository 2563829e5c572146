using System.ComponentModel.DataAnnotations;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Work;

/// <summary>Options of <see cref="CpuWorkTest"/>: the work per operation and a knob that adds a percentage more.</summary>
public sealed class CpuWorkOptions : PerfOptions
{
    /// <summary>Mixing rounds per operation.</summary>
    [PerfOption("--work", Description = "Mixing rounds per operation (CPU work, no memory traffic).")]
    [Range(1, 100_000_000, ErrorMessage = "must be between 1 and 100000000")]
    public int Work { get; set; } = 20_000;

    /// <summary>Extra work in percent of <see cref="Work"/>: an injected regression of a known size for A/B runs.</summary>
    [PerfOption("--extra-work-percent", Description = "Adds this percentage of --work to every operation (an injected regression).")]
    [Range(0, 1000, ErrorMessage = "must be between 0 and 1000")]
    public double ExtraWorkPercent { get; set; }
}
