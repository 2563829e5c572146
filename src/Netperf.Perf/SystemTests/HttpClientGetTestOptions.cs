using System.ComponentModel.DataAnnotations;

namespace Netperf.Perf.SystemTests;

/// <summary>Options of <see cref="HttpClientGetTest"/>.</summary>
public sealed class HttpClientGetTestOptions : PerfOptions, IValidatableObject
{
    /// <summary><c>-u|--url</c>: the URL to GET. Required unless <see cref="StartServer"/> is set.</summary>
    [PerfOption("--url", "-u", Description = "The URL to GET (required unless --start-server).")]
    public Uri? Url { get; set; }

    /// <summary><c>--start-server</c>: start a local HTTP server on 127.0.0.1 that answers every GET with <see cref="ResponseSize"/> bytes. Default false.</summary>
    [PerfOption("--start-server", Description = "Start a local HTTP server on 127.0.0.1 answering with --response-size bytes, and GET from it.")]
    public bool StartServer { get; set; }

    /// <summary><c>--response-size</c>: bytes the local server answers with. Default 1024.</summary>
    [PerfOption("--response-size", Description = "Bytes the --start-server server answers with.")]
    [Range(0, 1024 * 1024 * 1024, ErrorMessage = "must be between 0 and 1073741824 bytes")]
    public int ResponseSize { get; set; } = 1024;

    /// <summary><c>--https</c>: the local server listens with TLS (a throwaway self-signed certificate; combine with <c>--insecure</c>). Default false.</summary>
    [PerfOption("--https", Description = "Serve --start-server over TLS with a throwaway self-signed certificate (use with --insecure).")]
    public bool Https { get; set; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is null && !StartServer)
        {
            yield return new ValidationResult("is required unless --start-server is given: pass --url http://HOST:PORT/PATH or --start-server", [nameof(Url)]);
        }

        if (Url is not null && StartServer)
        {
            yield return new ValidationResult("cannot be combined with --start-server, which serves its own URL: drop one of them", [nameof(Url)]);
        }

        if (Url is { IsAbsoluteUri: false } || Url is { Scheme: not ("http" or "https") })
        {
            yield return new ValidationResult("must be an absolute http:// or https:// URL", [nameof(Url)]);
        }

        if (Https && !StartServer)
        {
            yield return new ValidationResult("only applies to --start-server: drop --https or add --start-server", [nameof(Https)]);
        }
    }
}
