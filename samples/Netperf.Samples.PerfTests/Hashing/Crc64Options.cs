using System.ComponentModel.DataAnnotations;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Hashing;

/// <summary>Options of <see cref="Crc64Test"/>: the bytes hashed per operation (the same options as its legacy counterpart).</summary>
public sealed class Crc64Options : PerfOptions
{
    /// <summary>Bytes hashed per operation.</summary>
    [PerfOption("--size", "-s", Description = "Bytes hashed per operation.")]
    [Range(1, 64 * 1024 * 1024, ErrorMessage = "must be between 1 and 67108864 bytes")]
    public int Size { get; set; } = 4096;
}
