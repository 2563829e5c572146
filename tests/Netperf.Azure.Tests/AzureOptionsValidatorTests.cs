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

    [Theory]
    [InlineData("0.0.0.0/1")]
    [InlineData("128.0.0.0/1")]
    [InlineData("0.0.0.0/0")]
    [InlineData("10.0.0.0/8")]
    [InlineData("198.50.0.0/15")]
    [InlineData("203.0.113.5/24")]
    [InlineData("*")]
    [InlineData("Internet")]
    [InlineData("Any")]
    [InlineData("::/0")]
    [InlineData("2001:db8::/32")]
    [InlineData("::ffff:0.0.0.0/96")]
    [InlineData("64:ff9b::/96")]
    [InlineData("2002:cb00:7100::/48")]
    [InlineData("")]
    public void Validate_PublicIpAllowedSourceTooWideOrNotARange_FailsNamingTheRule(string source)
    {
        var options = Valid();
        options.Network.PublicIp = true;
        options.Network.PublicIpAllowedSource = source;

        var result = new AzureOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, $"'{source}' was accepted");
        Assert.Contains("Netperf:Azure:Network:PublicIpAllowedSource", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("/16 or narrower", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0/24")]
    [InlineData("203.0.113.7", "203.0.113.7/32")]
    [InlineData("198.51.0.0/16", "198.51.0.0/16")]
    [InlineData("2001:db8:1234::/48", "2001:db8:1234::/48")]
    [InlineData("2001:db8::7", "2001:db8::7/128")]
    public void AdminSourceRange_OwnRange_IsAcceptedAndNormalised(string source, string normalised)
    {
        var options = Valid();
        options.Network.PublicIp = true;
        options.Network.PublicIpAllowedSource = source;

        Assert.True(new AzureOptionsValidator().Validate(null, options).Succeeded);
        Assert.True(Netperf.Azure.Pairs.Internal.AdminSourceRange.TryParse(source, out var range, out _));
        Assert.Equal(normalised, range.ToString());
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
