namespace Netperf.Core.GitHub.Internal;

/// <summary>Supplies the bearer token for GitHub requests (a fixed token, or a cached App installation token).</summary>
internal interface IGitHubTokenSource
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);

    /// <summary>Every secret this source knows (the token, the App key), so messages can be scrubbed of them.</summary>
    IEnumerable<string> KnownSecrets { get; }
}
