using System.Net;
using Microsoft.Extensions.Options;
using Netperf.Azure.Images;
using Netperf.Azure.Pairs.Internal;

namespace Netperf.Azure.Hosting.Internal;

/// <summary>Validates <see cref="AzureOptions"/> at start-up; every message names the setting and the fix.</summary>
internal sealed class AzureOptionsValidator : IValidateOptions<AzureOptions>
{
    private const string S = AzureOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AzureOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (!Guid.TryParse(options.SubscriptionId, out _))
        {
            errors.Add($"{S}:SubscriptionId must be a subscription GUID (az account show --query id).");
        }

        if (string.IsNullOrWhiteSpace(options.Location) || options.Location.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add($"{S}:Location must be a region name without spaces, such as 'eastus' (az account list-locations -o table).");
        }

        if (string.IsNullOrWhiteSpace(options.ResourceGroupPrefix) || options.ResourceGroupPrefix.Length > 40
            || !options.ResourceGroupPrefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            errors.Add($"{S}:ResourceGroupPrefix must be 1-40 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrWhiteSpace(options.LinuxVmSize) || string.IsNullOrWhiteSpace(options.WindowsVmSize))
        {
            errors.Add($"{S}:LinuxVmSize and {S}:WindowsVmSize must name VM sizes, such as 'Standard_D2s_v5'.");
        }

        if (string.IsNullOrWhiteSpace(options.AdminUsername) || options.AdminUsername is "root" or "admin" or "administrator")
        {
            errors.Add($"{S}:AdminUsername must be set and not a reserved name (root, admin, administrator).");
        }

        foreach (var (image, entry) in options.Images)
        {
            if (AzureImageCatalog.Validate(image, entry) is { } problem)
            {
                errors.Add(problem);
            }
        }

        ValidateNetwork(options.Network, errors);
        ValidateCredential(options, errors);
        ValidateTimes(options, errors);
        ValidateEndpoint(options, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void ValidateNetwork(AzureNetworkOptions network, List<string> errors)
    {
        if (!IPNetwork.TryParse(network.AddressSpace, out var space))
        {
            errors.Add($"{S}:Network:AddressSpace '{network.AddressSpace}' must be a CIDR range such as 10.77.0.0/16.");
        }
        else if (!IPNetwork.TryParse(network.SubnetPrefix, out var subnet) || !space.Contains(subnet.BaseAddress) || subnet.PrefixLength < space.PrefixLength)
        {
            errors.Add($"{S}:Network:SubnetPrefix '{network.SubnetPrefix}' must be a CIDR range inside {network.AddressSpace}, such as 10.77.1.0/24.");
        }

        if (network.PublicIp)
        {
            if (!AdminSourceRange.TryParse(network.PublicIpAllowedSource, out _, out var problem))
            {
                errors.Add($"{S}:Network:PublicIpAllowedSource {problem}: with {S}:Network:PublicIp true it must be one address or a CIDR range of " +
                    $"your own, IPv4 /{AdminSourceRange.MinIPv4Prefix} or narrower (IPv6 /{AdminSourceRange.MinIPv6Prefix}), such as 203.0.113.0/24.");
            }
        }

        if (string.IsNullOrWhiteSpace(network.ApiVersion))
        {
            errors.Add($"{S}:Network:ApiVersion must be a Microsoft.Network api-version such as 2023-09-01.");
        }
    }

    private static void ValidateCredential(AzureOptions options, List<string> errors)
    {
        if (options.TokenCredential is not null)
        {
            return;
        }

        var credential = options.Credential;
        var needsTenantAndClient = credential.Kind is AzureCredentialKind.GitHubOidc or AzureCredentialKind.ClientSecret;
        if (needsTenantAndClient && (string.IsNullOrWhiteSpace(credential.TenantId) || string.IsNullOrWhiteSpace(credential.ClientId)))
        {
            errors.Add($"{S}:Credential:TenantId and {S}:Credential:ClientId are required for Credential:Kind {credential.Kind}.");
        }

        if (credential.Kind == AzureCredentialKind.ClientSecret && string.IsNullOrWhiteSpace(credential.ClientSecret))
        {
            errors.Add($"{S}:Credential:ClientSecret is required for Credential:Kind ClientSecret (or use GitHubOidc/WorkloadIdentity instead of a secret).");
        }

        if (credential.AuthorityHost is { } authority && authority.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{S}:Credential:AuthorityHost must be an https address.");
        }
    }

    private static void ValidateTimes(AzureOptions options, List<string> errors)
    {
        if (options.PollDelay < TimeSpan.Zero || options.PollDelay > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{S}:PollDelay must be between 00:00:00 and 00:05:00 (default 00:00:10).");
        }

        if (options.OperationTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{S}:OperationTimeout must be positive (default 00:30:00).");
        }

        if (options.RunCommandStartTimeout < TimeSpan.Zero)
        {
            errors.Add($"{S}:RunCommandStartTimeout must not be negative (default 00:10:00; the first Run Command on a VM takes minutes to start).");
        }

        if (options.MaxTimeToLive <= TimeSpan.Zero)
        {
            errors.Add($"{S}:MaxTimeToLive must be positive (default 08:00:00).");
        }

        if (options.MaxRetries is < 0 or > 20 || options.RetryDelay < TimeSpan.Zero || options.RetryMaxDelay < options.RetryDelay)
        {
            errors.Add($"{S}:MaxRetries must be 0-20 and RetryDelay <= RetryMaxDelay.");
        }
    }

    private static void ValidateEndpoint(AzureOptions options, List<string> errors)
    {
        if (options.ArmEndpoint is { } endpoint && endpoint.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add($"{S}:ArmEndpoint must be an https address (the Azure SDK refuses bearer tokens over http).");
        }

        if (!string.IsNullOrWhiteSpace(options.TrustedServerCertificateThumbprint)
            && (options.ArmEndpoint is null || !IPAddress.TryParse(options.ArmEndpoint.Host, out var address) || !IPAddress.IsLoopback(address)))
        {
            errors.Add($"{S}:TrustedServerCertificateThumbprint is only for a local ARM fake: {S}:ArmEndpoint must then be a loopback address such as https://127.0.0.1:5001/.");
        }
    }
}
