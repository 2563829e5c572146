using Microsoft.Extensions.Configuration;
using Netperf.Core.Environments;
using Netperf.Core.Hosting;

namespace Netperf.Azure.Hosting;

/// <summary>
/// The <c>azure</c> environment: temporary Azure VM pairs, configured from <c>Netperf:Azure</c> (appsettings.json or
/// environment variables such as <c>Netperf__Azure__SubscriptionId</c>). Available when a subscription is configured;
/// never chosen by <c>auto</c> (it costs money), only by name.
/// </summary>
/// <remarks>
/// Real Azure needs <c>SubscriptionId</c>, <c>Location</c> and a credential (<c>Credential:Kind</c>:
/// Default, GitHubOidc, WorkloadIdentity, ManagedIdentity, AzureCli or ClientSecret); see docs/azure.md.
/// A dry run against the local ARM fake sets <c>ArmEndpoint</c> to the fake's https://127.0.0.1:port/,
/// <c>TrustedServerCertificateThumbprint</c> to its certificate's thumbprint and a ClientSecret credential
/// whose <c>AuthorityHost</c> is the fake (with <c>DisableInstanceDiscovery</c>).
/// </remarks>
public sealed class AzureEnvironment : INetperfEnvironment
{
    /// <inheritdoc />
    public string Name => Pairs.AzureVmPairProvider.EnvironmentName;

    /// <inheritdoc />
    public bool SelectedByAuto => false;

    /// <inheritdoc />
    public EnvironmentAvailability CheckAvailability(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return string.IsNullOrWhiteSpace(configuration[$"{AzureOptions.SectionName}:SubscriptionId"])
            ? EnvironmentAvailability.Unavailable($"{AzureOptions.SectionName}:SubscriptionId is not set; configure Netperf:Azure (see docs/azure.md).")
            : EnvironmentAvailability.Configured($"{AzureOptions.SectionName}:SubscriptionId is set");
    }

    /// <inheritdoc />
    public void Register(NetperfBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddAzureVmPairs();
    }
}
