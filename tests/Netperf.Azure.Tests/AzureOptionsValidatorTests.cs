using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netperf.Azure.Hosting;
using Netperf.Azure.Hosting.Internal;
using Netperf.Core.Hosting;

namespace Netperf.Azure.Tests;

public sealed class AzureOptionsValidatorTests
{
    private static AzureOptions Valid() => new() { SubscriptionId = Guid.NewGuid().ToString(), Location = "eastus" };

    [Fact]
    public void Validate_Defaults_WithSubscriptionAndLocation_Succeed()
    {
        Assert.True(new AzureOptionsValidator().Validate(null, Valid()).Succeeded);
    }

    [Theory]
    [InlineData("SubscriptionId")]
    [InlineData("Location")]
    [InlineData("Network:SubnetPrefix")]
    [InlineData("Network:PublicIpAllowedSource")]
    [InlineData("Credential:TenantId")]
    [InlineData("Images:windows-prerelease")]
    [InlineData("TrustedServerCertificateThumbprint")]
    public void Validate_BadSetting_FailsNamingTheSetting(string setting)
    {
        var options = Valid();
        switch (setting)
        {
            case "SubscriptionId": options.SubscriptionId = "my-sub"; break;
            case "Location": options.Location = "East US"; break;
            case "Network:SubnetPrefix": options.Network.SubnetPrefix = "192.168.0.0/24"; break;
            case "Network:PublicIpAllowedSource": options.Network.PublicIp = true; options.Network.PublicIpAllowedSource = "*"; break;
            case "Credential:TenantId": options.Credential.Kind = AzureCredentialKind.GitHubOidc; break;
            case "Images:windows-prerelease": options.Images["windows-prerelease"] = new AzureImageOptions(); break;
            case "TrustedServerCertificateThumbprint": options.TrustedServerCertificateThumbprint = "AB"; options.ArmEndpoint = new Uri("https://management.example.com/"); break;
        }

        var result = new AzureOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains("Netperf:Azure:" + setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureVmPairs_MissingSubscription_FailsAtStart()
    {
        var services = new ServiceCollection();
        services.AddNetperf().AddAzureVmPairs();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AzureOptions>>().Value);

        Assert.Contains("Netperf:Azure:SubscriptionId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAzureVmPairs_BindsTheNetperfAzureSection()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Netperf:Azure:SubscriptionId"] = "00000000-0000-0000-0000-000000000001",
            ["Netperf:Azure:Location"] = "westeurope",
            ["Netperf:Azure:PollDelay"] = "00:00:02",
            ["Netperf:Azure:Network:PublicIp"] = "false",
            ["Netperf:Azure:Credential:Kind"] = "GitHubOidc",
            ["Netperf:Azure:Credential:TenantId"] = "t",
            ["Netperf:Azure:Credential:ClientId"] = "c",
            ["Netperf:Azure:Images:windows-prerelease:GalleryImageId"] = "/subscriptions/x/resourceGroups/g/providers/Microsoft.Compute/galleries/g/images/i",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(configuration);
        services.AddNetperf().AddAzureVmPairs();
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<AzureOptions>>().Value;

        Assert.Equal("westeurope", options.Location);
        Assert.Equal(TimeSpan.FromSeconds(2), options.PollDelay);
        Assert.Equal(AzureCredentialKind.GitHubOidc, options.Credential.Kind);
        Assert.NotNull(options.Images["windows-prerelease"].GalleryImageId);
    }
}
