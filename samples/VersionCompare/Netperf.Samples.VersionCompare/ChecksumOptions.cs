using Netperf.Perf;

namespace Netperf.Samples.VersionCompare;

/// <summary>Options of <see cref="ChecksumTest"/>.</summary>
public sealed class ChecksumOptions : PerfOptions
{
    /// <summary>Bytes summed per operation.</summary>
    [PerfOption("--size", "-s", Description = "Bytes summed per operation.")]
    public int Size { get; set; } = 4096;
}
