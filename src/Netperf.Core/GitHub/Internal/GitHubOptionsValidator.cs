using Microsoft.Extensions.Options;

namespace Netperf.Core.GitHub.Internal;

/// <summary>Validates <see cref="GitHubOptions"/> at start-up with messages that name the setting and the fix.</summary>
internal sealed class GitHubOptionsValidator : IValidateOptions<GitHubOptions>
{
    public ValidateOptionsResult Validate(string? name, GitHubOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = GitHubOptions.SectionName;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Owner))
        {
            failures.Add($"{S}:Owner is required: set it to the repository owner or the organization that holds the runners.");
        }
        else if (options.Owner.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{S}:Owner must be an owner name only; put the repository name in {S}:Repository.");
        }

        if (options.Repository is not null && options.Repository.Contains('/', StringComparison.Ordinal))
        {
            failures.Add($"{S}:Repository must be the repository name only (no owner, no slash).");
        }

        if (options.ApiBaseUrl is null || !options.ApiBaseUrl.IsAbsoluteUri || options.ApiBaseUrl.Scheme is not ("https" or "http"))
        {
            failures.Add($"{S}:ApiBaseUrl must be an absolute http(s) URL such as https://api.github.com/.");
        }
        else if (options.ApiBaseUrl.Scheme == "http" && !options.ApiBaseUrl.IsLoopback)
        {
            failures.Add($"{S}:ApiBaseUrl must use https unless it points at a loopback test server; a token must not travel in clear text.");
        }

        if (options.WebBaseUrl is null || !options.WebBaseUrl.IsAbsoluteUri)
        {
            failures.Add($"{S}:WebBaseUrl must be an absolute URL such as https://github.com/.");
        }

        ValidateAuth(options, failures);

        if (options.PageSize is < 1 or > 100)
        {
            failures.Add($"{S}:PageSize must be between 1 and 100 (GitHub's largest page is 100).");
        }

        if (options.MaxPages < 1)
        {
            failures.Add($"{S}:MaxPages must be at least 1.");
        }

        if (options.RunnerGroupId < 1)
        {
            failures.Add($"{S}:RunnerGroupId must be a runner group id (1 is the Default group).");
        }

        foreach (var (permission, level) in options.AppTokenPermissions ?? [])
        {
            if (string.IsNullOrWhiteSpace(permission) || level is not ("read" or "write" or "admin"))
            {
                failures.Add($"{S}:AppTokenPermissions:{permission} must be read, write or admin (GitHub's permission levels), not '{level}'.");
            }
        }

        if (options.MaxRateLimitWait < TimeSpan.Zero || options.MaxRateLimitRetries < 0)
        {
            failures.Add($"{S}:MaxRateLimitWait and {S}:MaxRateLimitRetries must not be negative.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:RequestTimeout must be positive.");
        }

        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            failures.Add($"{S}:UserAgent must not be empty: GitHub rejects requests without a User-Agent.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAuth(GitHubOptions options, List<string> failures)
    {
        const string S = GitHubOptions.SectionName;
        var hasToken = !string.IsNullOrWhiteSpace(options.Token);
        if (hasToken && options.UsesApp)
        {
            failures.Add($"{S}:Token and {S}:AppId are both set: use either a token or the GitHub App settings, not both.");
        }
        else if (!hasToken && !options.UsesApp)
        {
            failures.Add($"{S}:Token is required (a token with repository administration or admin:org), or set {S}:AppId, {S}:AppInstallationId and {S}:AppPrivateKeyPem to authenticate as a GitHub App.");
        }
        else if (options.UsesApp)
        {
            if (options.AppInstallationId is null)
            {
                failures.Add($"{S}:AppInstallationId is required with {S}:AppId: set it to the App's installation id in the owner.");
            }

            if (string.IsNullOrWhiteSpace(options.AppPrivateKeyPem))
            {
                failures.Add($"{S}:AppPrivateKeyPem is required with {S}:AppId: set it to the App's private key (PEM).");
            }
        }
    }
}
