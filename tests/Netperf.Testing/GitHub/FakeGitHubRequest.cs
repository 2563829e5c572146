namespace Netperf.Testing.GitHub;

/// <summary>One request the fake received (for assertions on paging, headers and retries).</summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="PathAndQuery">The path and query.</param>
/// <param name="Status">The status answered.</param>
/// <param name="HadUserAgent">True when a User-Agent header was sent.</param>
/// <param name="ApiVersion">The X-GitHub-Api-Version header sent.</param>
public sealed record FakeGitHubRequest(string Method, string PathAndQuery, int Status, bool HadUserAgent, string? ApiVersion);
