using System.Globalization;

namespace Netperf.Testing.Arm;

/// <summary>The environment variables (<c>Netperf__Azure__*</c>) that point the <c>netperf</c> tool at a <see cref="FakeArmServer"/>.</summary>
public static class FakeArmToolSettings
{
    /// <summary>The settings for <paramref name="fake"/>: its endpoint, certificate, tenant and a client secret it accepts.</summary>
    /// <param name="fake">The running fake.</param>
    /// <param name="pollDelay">How long the tool waits between polls of a long-running operation.</param>
    /// <returns>Variable names and values.</returns>
    public static Dictionary<string, string> For(FakeArmServer fake, TimeSpan pollDelay)
    {
        ArgumentNullException.ThrowIfNull(fake);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Netperf__Azure__SubscriptionId"] = fake.SubscriptionId,
            ["Netperf__Azure__Location"] = "eastus",
            ["Netperf__Azure__PollDelay"] = pollDelay.ToString("c", CultureInfo.InvariantCulture),
            ["Netperf__Azure__ArmEndpoint"] = fake.BaseUri.ToString(),
            ["Netperf__Azure__TrustedServerCertificateThumbprint"] = fake.CertificateThumbprint,
            ["Netperf__Azure__Credential__Kind"] = "ClientSecret",
            ["Netperf__Azure__Credential__TenantId"] = fake.TenantId,
            ["Netperf__Azure__Credential__ClientId"] = "dry-run",
            ["Netperf__Azure__Credential__ClientSecret"] = "dry-run-secret",
            ["Netperf__Azure__Credential__AuthorityHost"] = fake.BaseUri.ToString(),
            ["Netperf__Azure__Credential__DisableInstanceDiscovery"] = "true",
        };
    }
}
