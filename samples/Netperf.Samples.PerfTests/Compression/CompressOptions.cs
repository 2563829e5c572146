using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Compression;

/// <summary>Options of <see cref="GzipCompressTest"/>: the common options plus the test's own.</summary>
public sealed class CompressOptions : PerfOptions
{
    /// <summary>Bytes compressed per operation.</summary>
    [PerfOption("--size", "-s", Description = "Bytes compressed per operation.")]
    [Range(1, 256 * 1024 * 1024, ErrorMessage = "must be between 1 and 268435456 bytes")]
    public int Size { get; set; } = 64 * 1024;

    /// <summary>The compression level.</summary>
    [PerfOption("--level", Description = "Compression level: Optimal, Fastest, NoCompression or SmallestSize.")]
    public CompressionLevel Level { get; set; } = CompressionLevel.Fastest;
}
