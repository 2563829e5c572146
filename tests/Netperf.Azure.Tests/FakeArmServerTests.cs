using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Netperf.Azure.Tests.Support;
using Netperf.Testing.Arm;

namespace Netperf.Azure.Tests;

public sealed class FakeArmServerTests
{
    [Fact]
    public async Task ClientSecretCredential_AgainstFakeTokenEndpoint_ReachesArm()
    {
        await using var fake = await FakeArmServer.StartAsync();
        var options = AzureTestHost.ClientOptions(fake);
        var credential = new ClientSecretCredential(fake.TenantId, "client-id", "client-secret", new ClientSecretCredentialOptions
        {
            AuthorityHost = fake.BaseUri,
            DisableInstanceDiscovery = true,
            Transport = (HttpClientTransport)options.Transport,
        });
        var arm = new ArmClient(credential, fake.SubscriptionId, options);

        var subscription = await arm.GetDefaultSubscriptionAsync();

        Assert.Equal(fake.SubscriptionId, subscription.Data.SubscriptionId);
        Assert.Equal(1, fake.TokenRequests);
    }

    [Fact]
    public async Task Provider_WithClientSecretFromOptions_UsesFakeTokenEndpointAndCreatesPair()
    {
        // The provider builds its own client here (system clock), so the fake models no waits.
        await using var fake = await FakeArmServer.StartAsync();
        fake.Behaviours.UseInstantTiming();
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services);
        Netperf.Azure.Hosting.AzureNetperfBuilderExtensions.AddAzureVmPairs(Netperf.Core.Hosting.NetperfServiceCollectionExtensions.AddNetperf(services), o =>
        {
            o.SubscriptionId = fake.SubscriptionId;
            o.Location = "eastus";
            o.PollDelay = TimeSpan.FromMilliseconds(5);
            o.ArmEndpoint = fake.BaseUri;
            o.TrustedServerCertificateThumbprint = fake.CertificateThumbprint;
            o.Credential.Kind = AzureCredentialKind.ClientSecret;
            o.Credential.TenantId = fake.TenantId;
            o.Credential.ClientId = "client-id";
            o.Credential.ClientSecret = "client-secret";
            o.Credential.AuthorityHost = fake.BaseUri;
            o.Credential.DisableInstanceDiscovery = true;
        });
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        var pairs = (Netperf.Azure.Pairs.AzureVmPairProvider)provider.GetService(typeof(Netperf.Azure.Pairs.AzureVmPairProvider))!;

        var pair = await pairs.CreatePairAsync(AzureTestHost.Request());
        await pairs.DeletePairAsync(pair.Id);

        Assert.True(fake.TokenRequests >= 1);
        Assert.True(fake.IsEmpty, fake.DescribeState());
    }

    [Fact]
    public async Task Requests_WithoutBearerToken_Get401()
    {
        await using var fake = await FakeArmServer.StartAsync();
        using var handler = fake.CreateTrustingHandler();
        using var client = new HttpClient(handler);

        using var response = await client.GetAsync(new Uri(fake.BaseUri, $"subscriptions/{fake.SubscriptionId}?api-version=2022-12-01"));

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
