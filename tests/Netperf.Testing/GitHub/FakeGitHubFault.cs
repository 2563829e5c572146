namespace Netperf.Testing.GitHub;

/// <summary>An answer the fake gives once, instead of the real one, to a matching request.</summary>
public sealed record FakeGitHubFault
{
    /// <summary>The HTTP method to match (<see langword="null"/> for any).</summary>
    public string? Method { get; init; }

    /// <summary>A substring of the request path to match (<see langword="null"/> for any).</summary>
    public string? PathContains { get; init; }

    /// <summary>The status to answer with.</summary>
    public required int Status { get; init; }

    /// <summary>The error message in the body.</summary>
    public string Message { get; init; } = "Injected fault";

    /// <summary>Extra response headers (<c>retry-after</c>, <c>x-ratelimit-remaining</c>, ...).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>How many matching requests get this answer; default 1.</summary>
    public int Times { get; init; } = 1;
}
