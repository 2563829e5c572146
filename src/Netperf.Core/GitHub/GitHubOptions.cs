namespace Netperf.Core.GitHub;

/// <summary>
/// Where and how Netperf talks to GitHub, bound from the <c>Netperf:GitHub</c> configuration section
/// and validated at start-up. Set <see cref="Owner"/> (and <see cref="Repository"/> for repository
/// runners), and either <see cref="Token"/> or the three <c>App*</c> settings.
/// </summary>
public sealed class GitHubOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Netperf:GitHub";

    /// <summary>The REST API base URL; default <c>https://api.github.com/</c> (a GitHub Enterprise Server uses <c>https://HOST/api/v3/</c>; tests use a local fake).</summary>
    public Uri ApiBaseUrl { get; set; } = new("https://api.github.com/");

    /// <summary>The web URL runners register against (<c>config.sh --url</c>); default <c>https://github.com/</c>.</summary>
    public Uri WebBaseUrl { get; set; } = new("https://github.com/");

    /// <summary>The repository owner, or the organization for organization runners. Required.</summary>
    public string? Owner { get; set; }

    /// <summary>The repository name; <see langword="null"/> (default) registers organization runners under <see cref="Owner"/>.</summary>
    public string? Repository { get; set; }

    /// <summary>
    /// A token (classic or fine-grained personal access token, or a GitHub App installation token <c>ghs_…</c>).
    /// Repository runners need repository administration (classic: <c>repo</c>); organization runners need
    /// <c>admin:org</c> (App: <c>organization_self_hosted_runners</c>). Never logged.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>The GitHub App id, to authenticate as an App installation instead of with <see cref="Token"/>.</summary>
    public long? AppId { get; set; }

    /// <summary>The App installation id (with <see cref="AppId"/>).</summary>
    public long? AppInstallationId { get; set; }

    /// <summary>The App's private key in PEM form (with <see cref="AppId"/>). Never logged.</summary>
    public string? AppPrivateKeyPem { get; set; }

    /// <summary>
    /// The permissions an App installation token is down-scoped to (GitHub's <c>permissions</c> object, such as
    /// <c>administration: write</c>); <see langword="null"/> (default) asks for what Netperf uses: repository
    /// runners <c>administration: write</c> and <c>actions: read</c> (the run liveness check), limited to
    /// <see cref="Repository"/>; organization runners <c>organization_self_hosted_runners: write</c> and
    /// <c>actions: read</c>. An empty map asks for everything the installation has.
    /// </summary>
    public Dictionary<string, string>? AppTokenPermissions { get; set; }

    /// <summary>The runner group new just-in-time runners join; default 1 (the Default group).</summary>
    public long RunnerGroupId { get; set; } = 1;

    /// <summary>The <c>User-Agent</c> header GitHub requires; default <c>Netperf</c>.</summary>
    public string UserAgent { get; set; } = "Netperf";

    /// <summary>Page size for list requests (1-100); default 100, the largest GitHub allows.</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>The most pages one listing follows, a bound against runaway loops; default 100 (10,000 items).</summary>
    public int MaxPages { get; set; } = 100;

    /// <summary>
    /// The longest wait for a rate limit to reset (primary limit reset or secondary-limit <c>retry-after</c>);
    /// a longer wait fails the request instead. Default 2 minutes. A secondary limit without <c>retry-after</c>
    /// is backed off as GitHub asks (a minute, then two, four...), bounded by <see cref="MaxRateLimitRetries"/>
    /// and cancellation only.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often one request is retried after a rate-limit answer; default 3.</summary>
    public int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>The timeout of one HTTP request; default 100 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>True when runners are registered in an organization rather than a repository.</summary>
    public bool IsOrganizationScope => string.IsNullOrWhiteSpace(Repository);

    /// <summary>True when the App settings are used instead of <see cref="Token"/>.</summary>
    public bool UsesApp => AppId is not null;
}
