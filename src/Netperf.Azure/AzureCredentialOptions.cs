namespace Netperf.Azure;

/// <summary>The credential part of <see cref="AzureOptions"/> (<c>Netperf:Azure:Credential</c>).</summary>
public sealed class AzureCredentialOptions
{
    /// <summary>Which credential to use; default <see cref="AzureCredentialKind.Default"/>.</summary>
    public AzureCredentialKind Kind { get; set; } = AzureCredentialKind.Default;

    /// <summary>The Entra tenant id; required for <see cref="AzureCredentialKind.GitHubOidc"/> and <see cref="AzureCredentialKind.ClientSecret"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The application (client) id; required for GitHubOidc and ClientSecret, optional for WorkloadIdentity and ManagedIdentity.</summary>
    public string? ClientId { get; set; }

    /// <summary>The client secret for <see cref="AzureCredentialKind.ClientSecret"/>; never logged. Prefer an environment variable or a secret store as its source.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>The federated token file for <see cref="AzureCredentialKind.WorkloadIdentity"/>; defaults to <c>AZURE_FEDERATED_TOKEN_FILE</c>.</summary>
    public string? TokenFilePath { get; set; }

    /// <summary>The Entra authority host; <see langword="null"/> for the public cloud.</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>True to skip MSAL instance discovery (needed for a private or fake authority); default false.</summary>
    public bool DisableInstanceDiscovery { get; set; }

    /// <summary>The audience of the GitHub OIDC token; default <c>api://AzureADTokenExchange</c>.</summary>
    public string GitHubOidcAudience { get; set; } = "api://AzureADTokenExchange";
}
