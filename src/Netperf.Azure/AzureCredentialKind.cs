namespace Netperf.Azure;

/// <summary>How the provider authenticates to Azure Resource Manager (Azure.Identity).</summary>
public enum AzureCredentialKind
{
    /// <summary><c>DefaultAzureCredential</c>: environment, workload identity, managed identity, Azure CLI... (the default).</summary>
    Default,

    /// <summary><c>WorkloadIdentityCredential</c>: a federated token file (Kubernetes, or <c>AZURE_FEDERATED_TOKEN_FILE</c>).</summary>
    WorkloadIdentity,

    /// <summary>GitHub Actions OIDC federation: the job's ID token (<c>id-token: write</c>) exchanged as a client assertion.</summary>
    GitHubOidc,

    /// <summary><c>ManagedIdentityCredential</c> (system-assigned, or user-assigned when a client id is given).</summary>
    ManagedIdentity,

    /// <summary><c>AzureCliCredential</c>: the signed-in <c>az</c> account (developer machines).</summary>
    AzureCli,

    /// <summary><c>ClientSecretCredential</c>: a service principal secret (prefer federation where possible).</summary>
    ClientSecret,
}
