using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;

namespace Netperf.Azure.Hosting.Internal;

/// <summary>Builds the Azure.Identity credential named by <see cref="AzureCredentialOptions"/>.</summary>
internal static class AzureCredentialFactory
{
    public static TokenCredential Create(AzureCredentialOptions options, HttpPipelineTransport? transport)
    {
        switch (options.Kind)
        {
            case AzureCredentialKind.ClientSecret:
                return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret, Configure(new ClientSecretCredentialOptions(), options, transport));
            case AzureCredentialKind.GitHubOidc:
                return new ClientAssertionCredential(options.TenantId, options.ClientId,
                    cancellationToken => GitHubOidcTokenAsync(options.GitHubOidcAudience, cancellationToken),
                    Configure(new ClientAssertionCredentialOptions(), options, transport));
            case AzureCredentialKind.WorkloadIdentity:
                var workload = Configure(new WorkloadIdentityCredentialOptions(), options, transport);
                workload.TenantId = options.TenantId ?? workload.TenantId;
                workload.ClientId = options.ClientId ?? workload.ClientId;
                workload.TokenFilePath = options.TokenFilePath ?? workload.TokenFilePath;
                return new WorkloadIdentityCredential(workload);
            case AzureCredentialKind.ManagedIdentity:
                return options.ClientId is null
                    ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
            case AzureCredentialKind.AzureCli:
                return new AzureCliCredential(new AzureCliCredentialOptions { TenantId = options.TenantId });
            default:
                var defaults = new DefaultAzureCredentialOptions { TenantId = options.TenantId };
                if (options.ClientId is not null)
                {
                    defaults.ManagedIdentityClientId = options.ClientId;
                    defaults.WorkloadIdentityClientId = options.ClientId;
                }

                return new DefaultAzureCredential(Configure(defaults, options, transport));
        }
    }

    private static T Configure<T>(T credentialOptions, AzureCredentialOptions options, HttpPipelineTransport? transport)
        where T : TokenCredentialOptions
    {
        if (options.AuthorityHost is not null)
        {
            credentialOptions.AuthorityHost = options.AuthorityHost;
        }

        if (transport is not null)
        {
            credentialOptions.Transport = transport;
        }

        switch (credentialOptions)
        {
            case ClientSecretCredentialOptions secret:
                secret.DisableInstanceDiscovery = options.DisableInstanceDiscovery;
                break;
            case ClientAssertionCredentialOptions assertion:
                assertion.DisableInstanceDiscovery = options.DisableInstanceDiscovery;
                break;
            case WorkloadIdentityCredentialOptions workload:
                workload.DisableInstanceDiscovery = options.DisableInstanceDiscovery;
                break;
        }

        return credentialOptions;
    }

    /// <summary>Asks the GitHub Actions runtime for the job's OIDC token (the job needs <c>permissions: id-token: write</c>).</summary>
    private static async Task<string> GitHubOidcTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var url = Environment.GetEnvironmentVariable("ACTIONS_ID_TOKEN_REQUEST_URL");
        var token = Environment.GetEnvironmentVariable("ACTIONS_ID_TOKEN_REQUEST_TOKEN");
        if (string.IsNullOrEmpty(url) || string.IsNullOrEmpty(token))
        {
            throw new CredentialUnavailableException(
                "GitHub OIDC is not available: ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN are not set. Run inside a GitHub Actions job with 'permissions: id-token: write'.");
        }

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url + "&audience=" + Uri.EscapeDataString(audience));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var disposeStream = stream.ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("value").GetString()
            ?? throw new CredentialUnavailableException("The GitHub OIDC response had no token value.");
    }
}
