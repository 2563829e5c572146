namespace Netperf.Core.GitHub.Internal;

/// <summary>A token given in <see cref="GitHubOptions.Token"/> (a personal access token or an installation token).</summary>
internal sealed class StaticTokenSource(string token) : IGitHubTokenSource
{
    public IEnumerable<string> KnownSecrets => [token];

    public ValueTask<string> GetTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult(token);
}
