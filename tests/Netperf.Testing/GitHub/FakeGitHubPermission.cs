namespace Netperf.Testing.GitHub;

/// <summary>What a token issued by the fake may do.</summary>
[Flags]
public enum FakeGitHubPermission
{
    /// <summary>Nothing: every endpoint answers 403.</summary>
    None = 0,

    /// <summary>Repository administration (repository runners).</summary>
    RepositoryAdministration = 1,

    /// <summary>Organization self-hosted runners.</summary>
    OrganizationRunners = 2,

    /// <summary>Actions read (workflow runs).</summary>
    ActionsRead = 4,

    /// <summary>Everything.</summary>
    All = RepositoryAdministration | OrganizationRunners | ActionsRead,
}
