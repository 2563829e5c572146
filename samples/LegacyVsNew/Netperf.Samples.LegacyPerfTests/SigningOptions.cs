using System.ComponentModel.DataAnnotations;
using Netperf.Perf;

namespace Netperf.Samples.LegacyPerfTests;

/// <summary>Options of <see cref="LegacyHmacSignTest"/>: the same as the current <c>HmacSignTest</c>'s, a secret key and the payload size.</summary>
public sealed class SigningOptions : PerfOptions
{
    /// <summary>The signing key. A secret: masked in results and messages, and on no child process's command line.</summary>
    [PerfOption("--key", Description = "The HMAC key (secret; pass it in a response file: @key.rsp).", Secret = true)]
    [Required(ErrorMessage = "is required (put '--key VALUE' in a response file and pass @FILE)")]
    public string? Key { get; set; }

    /// <summary>Bytes signed per operation.</summary>
    [PerfOption("--size", "-s", Description = "Bytes signed per operation.")]
    [Range(1, 16 * 1024 * 1024, ErrorMessage = "must be between 1 and 16777216 bytes")]
    public int Size { get; set; } = 1024;
}
