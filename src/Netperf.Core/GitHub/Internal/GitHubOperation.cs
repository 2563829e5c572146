namespace Netperf.Core.GitHub.Internal;

/// <summary>What a request does and the permission it needs, for error messages and logs.</summary>
/// <param name="Description">Such as <c>list runners</c>.</param>
/// <param name="Permission">The permission a token needs for it, in words a GitHub admin recognises.</param>
internal sealed record GitHubOperation(string Description, string Permission)
{
    public static GitHubOperation Runners(string description, bool organization, bool write) => new(
        description,
        organization
            ? $"organization self-hosted runners ({(write ? "read and write" : "read")}): GitHub App or fine-grained token permission 'Self-hosted runners', or classic token scope 'admin:org'"
            : $"repository administration ({(write ? "read and write" : "read")}): GitHub App or fine-grained token permission 'Administration', or classic token scope 'repo'");

    public static GitHubOperation WorkflowRuns(string description) => new(
        description,
        "repository actions (read): GitHub App or fine-grained token permission 'Actions: read', or classic token scope 'repo'");
}
