using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// <c>--processes</c>: how many child processes share the <c>--parallel</c> instances (10 over 4 = 3, 3, 2, 2).
    /// Default 0: the number of cores, capped at <c>--parallel</c>. 1 runs every instance in this process.
    /// </summary>
    [PerfOption("--processes", Description = "Child processes sharing the --parallel instances (0 = cores, capped at --parallel; 1 = in this process).")]
    [Range(0, 1024, ErrorMessage = "must be between 0 (one per core) and 1024")]
    public int Processes { get; set; }
}
