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

    /// <summary>A body to answer as it is (for example a proxy's HTML page) instead of GitHub's JSON error; <see langword="null"/> for the JSON error.</summary>
    public string? RawBody { get; init; }

    /// <summary>The <c>documentation_url</c> in the body; default GitHub's REST docs.</summary>
    public string DocumentationUrl { get; init; } = "https://docs.github.com/rest";

    /// <summary>
    /// When true the request is carried out first (a runner is made, a token issued) and only its answer is lost:
    /// the client gets <see cref="Status"/> instead, or, with status 0, a connection dropped without an answer.
    /// </summary>
    public bool LoseAnswer { get; init; }

    /// <summary>
    /// GitHub's secondary rate limit as it may come: 403 without <c>retry-after</c>, with the message and documentation
    /// link that name it (documented: wait at least a minute, then back off exponentially).
    /// </summary>
    /// <param name="times">How many requests get it.</param>
    /// <returns>The fault.</returns>
    public static FakeGitHubFault SecondaryRateLimit(int times = 1) => new()
    {
        Status = 403,
        Message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.",
        DocumentationUrl = "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
        Times = times,
    };
}
