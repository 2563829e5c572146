using Microsoft.Extensions.Configuration;
using Netperf.Azure.Hosting;
using Netperf.Core.Environments;

namespace Netperf.Azure.Tests.Hosting;

public sealed class AzureEnvironmentTests
{
    [Fact]
    public void CheckAvailability_NoSubscription_UnavailableNamingTheSetting()
    {
        var availability = new AzureEnvironment().CheckAvailability(new ConfigurationBuilder().Build());

        Assert.False(availability.IsAvailable);
        Assert.Contains("Netperf:Azure:SubscriptionId", availability.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AutoWithASubscription_NeverChoosesAzure()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Netperf:Azure:SubscriptionId"] = "sub" }).Build();
        var selector = new EnvironmentSelector([new AzureEnvironment(), new LocalEnvironment()]);

        Assert.True(new AzureEnvironment().CheckAvailability(configuration).IsConfigured);
        Assert.Equal(["local"], selector.Resolve("auto", configuration).Select(e => e.Name));
        Assert.Equal(["azure"], selector.Resolve("azure", configuration).Select(e => e.Name));
    }
}
