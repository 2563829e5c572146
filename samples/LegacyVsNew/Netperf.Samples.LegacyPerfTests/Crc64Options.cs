using Netperf.Perf;

namespace Netperf.Samples.LegacyPerfTests;

/// <summary>Options of the CRC tests: the bytes hashed per operation.</summary>
public sealed class Crc64Options : PerfOptions
{
    /// <summary>Bytes hashed per operation.</summary>
    [PerfOption("--size", "-s", Description = "Bytes hashed per operation.")]
    public int Size { get; set; } = 4096;
}
