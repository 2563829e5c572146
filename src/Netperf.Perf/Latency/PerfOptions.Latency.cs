namespace Netperf.Perf;

public partial class PerfOptions
{
    /// <summary>
    /// <c>-l|--latency</c>: record every operation's latency in a histogram and print percentiles
    /// (50 .. 99.999, max, count). Default false.
    /// </summary>
    [PerfOption("--latency", "-l", Description = "Record each operation's latency and print percentiles (50 .. 99.999, max).")]
    public bool Latency { get; set; }
}
