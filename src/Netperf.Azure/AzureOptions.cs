using Azure.Core;
using Azure.ResourceManager;

namespace Netperf.Azure;

/// <summary>
/// Settings of the Azure environment, bound from <c>Netperf:Azure</c> and validated at start-up.
/// Only <see cref="SubscriptionId"/> and <see cref="Location"/> have no default.
/// </summary>
public sealed class AzureOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Netperf:Azure";

    /// <summary>The subscription (GUID) that holds the pairs. Required.</summary>
    public string SubscriptionId { get; set; } = string.Empty;

    /// <summary>The region, such as <c>eastus</c>. Required.</summary>
    public string Location { get; set; } = string.Empty;

    /// <summary>The prefix of per-pair resource-group names (<c>{prefix}-{pairId}</c>); default <c>netperf</c>.</summary>
    public string ResourceGroupPrefix { get; set; } = "netperf";

    /// <summary>
    /// An existing resource group to put every pair in instead of one group per pair; default none.
    /// The group itself is never deleted; a pair's resources in it are found by their <c>netperf-pair</c> tag.
    /// </summary>
    public string? SharedResourceGroup { get; set; }

    /// <summary>The VM size for Linux images; default <c>Standard_D2s_v5</c>.</summary>
    public string LinuxVmSize { get; set; } = "Standard_D2s_v5";

    /// <summary>The VM size for Windows images; default <c>Standard_D4s_v5</c>.</summary>
    public string WindowsVmSize { get; set; } = "Standard_D4s_v5";

    /// <summary>The admin user on every VM; default <c>netperf</c>.</summary>
    public string AdminUsername { get; set; } = "netperf";

    /// <summary>Image-catalog entries that add to or replace the built-in ones (see <see cref="Images.AzureImageCatalog"/>).</summary>
    public Dictionary<string, AzureImageOptions> Images { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Virtual network, subnet, public IP and accelerated networking settings.</summary>
    public AzureNetworkOptions Network { get; set; } = new();

    /// <summary>Which Azure.Identity credential to use.</summary>
    public AzureCredentialOptions Credential { get; set; } = new();

    /// <summary>The longest a pair may live (the request's time-to-live is capped by it); default 8 hours.</summary>
    public TimeSpan MaxTimeToLive { get; set; } = TimeSpan.FromHours(8);

    /// <summary>The delay between polls of a long-running operation; default 10 seconds.</summary>
    public TimeSpan PollDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one long-running operation may take before the step fails; default 30 minutes.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long a Run Command may take to start on top of its own timeout; default 10 minutes. The first Run
    /// Command on a VM installs the extension first (minutes: 5 min 41 s in a recorded session).
    /// </summary>
    public TimeSpan RunCommandStartTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How many times a throttled (429) or transient (408/5xx) request is retried; default 6. Waits are on the
    /// injected clock; a throttled request is waited out only while the wait fits in what is left of
    /// <see cref="OperationTimeout"/> (Compute asks for up to 20 minutes), else it fails at once as throttled.
    /// </summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>The first retry delay (exponential back-off; a server's Retry-After wins when longer); default 2 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest retry delay; default 60 seconds.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Install PowerShell 7 on Linux machines during bootstrap; default false (always on for Windows).</summary>
    public bool InstallPowerShellOnLinux { get; set; }

    /// <summary>Turn on Windows test-signing during bootstrap (needs an image with secure boot off); default false.</summary>
    public bool EnableTestSigning { get; set; }

    /// <summary>The ARM endpoint; <see langword="null"/> for the public cloud. Set it for another cloud or a local ARM fake.</summary>
    public Uri? ArmEndpoint { get; set; }

    /// <summary>The ARM token audience; defaults to the endpoint's authority (the public cloud's when no endpoint is set).</summary>
    public string? ArmAudience { get; set; }

    /// <summary>
    /// For a dry run against a local ARM fake only: the SHA-1 thumbprint of its self-signed certificate,
    /// which is then trusted for that endpoint (which must be a loopback address). Leave empty for Azure.
    /// </summary>
    public string? TrustedServerCertificateThumbprint { get; set; }

    /// <summary>
    /// Client options to use (transport, diagnostics, environment); not bound from configuration. When
    /// <see langword="null"/>, an <see cref="ArmClientOptions"/> registered in DI is used, else options are built
    /// from the settings above. Whichever is used, Netperf's retry policy (<see cref="MaxRetries"/>,
    /// <see cref="RetryDelay"/>, <see cref="RetryMaxDelay"/>, throttling bounded by <see cref="OperationTimeout"/>)
    /// is set as its <c>RetryPolicy</c> unless the options already carry one.
    /// </summary>
    public ArmClientOptions? ClientOptions { get; set; }

    /// <summary>
    /// A credential to use as it is; not bound from configuration. When <see langword="null"/>, a
    /// <see cref="TokenCredential"/> registered in DI is used, else one is built from <see cref="Credential"/>.
    /// </summary>
    public TokenCredential? TokenCredential { get; set; }
}
