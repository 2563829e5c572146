using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// <c>-r|--rate</c>: run open-loop at this many operations per second in total (all instances and
    /// processes); with <c>--latency</c> also reports latency corrected for coordinated omission.
    /// Default 0: closed loop, as fast as possible.
    /// </summary>
    [PerfOption("--rate", "-r", Description = "Total operations per second, open loop, shared by all instances and processes (0 = as fast as possible).")]
    [Range(0, int.MaxValue, ErrorMessage = "must be 0 (as fast as possible) or more operations per second")]
    public int Rate { get; set; }
}
