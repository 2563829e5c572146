using Microsoft.Extensions.Configuration;
using Netperf.Azure;
using Netperf.Azure.Hosting;
using Netperf.Core.Hosting;

namespace Netperf.Samples.Pairs.Environments;

/// <summary>
/// The <c>azure</c> environment: temporary Azure VM pairs, configured from <c>Netperf:Azure</c>
/// (appsettings.json or environment variables such as <c>Netperf__Azure__SubscriptionId</c>).
/// Registered only when a subscription is configured, so the CLI runs without an Azure account.
/// </summary>
/// <remarks>
/// Real Azure needs <c>SubscriptionId</c>, <c>Location</c> and a credential (<c>Credential:Kind</c>:
/// Default, GitHubOidc, WorkloadIdentity, ManagedIdentity, AzureCli or ClientSecret); see docs/azure.md.
/// A dry run against the local ARM fake sets <c>ArmEndpoint</c> to the fake's https://127.0.0.1:port/,
/// <c>TrustedServerCertificateThumbprint</c> to its certificate's thumbprint and a ClientSecret credential
/// whose <c>AuthorityHost</c> is the fake (with <c>DisableInstanceDiscovery</c>).
/// </remarks>
internal static class AzureEnvironment
{
    public static void Register(NetperfBuilder netperf, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(netperf);
        ArgumentNullException.ThrowIfNull(configuration);
        if (string.IsNullOrWhiteSpace(configuration[$"{AzureVmPairOptions.SectionName}:SubscriptionId"]))
        {
            return;
        }

        netperf.AddAzureVmPairs();
    }
}
