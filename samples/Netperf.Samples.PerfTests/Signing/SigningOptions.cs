using System.ComponentModel.DataAnnotations;
using Netperf.Perf;

namespace Netperf.Samples.PerfTests.Signing;

/// <summary>Options of <see cref="HmacSignTest"/>: a secret key and the payload size.</summary>
public sealed class SigningOptions : PerfOptions
{
    /// <summary>
    /// The signing key. A secret: masked in results and messages, and handed to <c>--processes</c> children
    /// on their standard input. Pass it in a response file (<c>@key.rsp</c>) to keep it off the command line.
    /// </summary>
    [PerfOption("--key", Description = "The HMAC key (secret; pass it in a response file: @key.rsp).", Secret = true)]
    [Required(ErrorMessage = "is required (put '--key VALUE' in a response file and pass @FILE)")]
    public string? Key { get; set; }

    /// <summary>Bytes signed per operation.</summary>
    [PerfOption("--size", "-s", Description = "Bytes signed per operation.")]
    [Range(1, 16 * 1024 * 1024, ErrorMessage = "must be between 1 and 16777216 bytes")]
    public int Size { get; set; } = 1024;
}
