using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Netperf.Core.GitHub.Internal;

/// <summary>Builds a <see cref="GitHubApiClient"/> from options: picks the token source and the named HTTP client.</summary>
internal static class GitHubApiClientFactory
{
    public static GitHubApiClient Create(IHttpClientFactory httpClientFactory, IOptions<GitHubOptions> options, TimeProvider timeProvider, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var o = options.Value;
        var result = new GitHubOptionsValidator().Validate(null, o);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(GitHubOptions), typeof(GitHubOptions), result.Failures);
        }

        HttpClient Http() => httpClientFactory.CreateClient(GitHubApiClient.HttpClientName);
        IGitHubTokenSource tokens = o.UsesApp
            ? new AppInstallationTokenSource(Http, o, timeProvider)
            : new StaticTokenSource(o.Token!);
        return new GitHubApiClient(Http, o, tokens, timeProvider, logger);
    }
}
