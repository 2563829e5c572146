using System.Collections.Concurrent;
using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Resources;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Azure.Hosting.Internal;
using Netperf.Azure.Images;
using Netperf.Azure.Pairs.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Pairs;

/// <summary>
/// Temporary Azure VM pairs through the real Azure SDK clients. Each pair gets a tagged resource group
/// (or its tagged resources in a shared group), a virtual network with one subnet, an NSG that admits
/// only that subnet, two NICs and two VMs; creation is all-or-nothing and cancellation leaves nothing.
/// Long-running operations are started and polled by the provider's own loop on the injected clock.
/// </summary>
public sealed partial class AzureVmPairProvider : IVmPairProvider
{
    /// <summary>The environment name this provider serves.</summary>
    public const string EnvironmentName = "azure";

    /// <summary>The tag that records when a pair was created (beside the ownership tags).</summary>
    public const string CreatedTag = "netperf-created";

    private readonly AzureOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly ArmClient _arm;
    private readonly AzureImageCatalog _catalog;
    private readonly LroDriver _lro;
    private readonly ConcurrentDictionary<string, VmSecrets> _secrets = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The validated options.</param>
    /// <param name="timeProvider">The clock for polling delays, timeouts and expiry.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="clientOptions">ARM client options from DI; used when <see cref="AzureOptions.ClientOptions"/> is not set.</param>
    /// <param name="credential">A credential from DI; used when <see cref="AzureOptions.TokenCredential"/> is not set.</param>
    public AzureVmPairProvider(
        IOptions<AzureOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        ArmClientOptions? clientOptions = null,
        TokenCredential? credential = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<AzureVmPairProvider>();
        _arm = ArmClientFactory.Create(_options, clientOptions, credential, timeProvider, _logger);
        _catalog = new AzureImageCatalog(_options.Images);
        _lro = new LroDriver(timeProvider, _options.PollDelay, _options.OperationTimeout, _logger);
    }

    /// <inheritdoc />
    public string Environment => EnvironmentName;

    /// <summary>The image catalog this provider resolves <see cref="MachineSpec.Image"/> against.</summary>
    public AzureImageCatalog Catalog => _catalog;

    private SubscriptionResource Subscription =>
        _arm.GetSubscriptionResource(SubscriptionResource.CreateResourceIdentifier(_options.SubscriptionId));

    private AzureLocation Location => new(_options.Location);
}
