namespace Netperf.Testing.GitHub;

/// <summary>A workflow run held by <see cref="FakeGitHubServer"/>; attempts keep their own status.</summary>
public sealed class FakeWorkflowRun
{
    internal FakeWorkflowRun(long id, string repository)
    {
        Id = id;
        Repository = repository;
    }

    /// <summary>The run id.</summary>
    public long Id { get; }

    /// <summary>The repository it belongs to, <c>owner/repo</c>.</summary>
    public string Repository { get; }

    /// <summary>Status per attempt (1-based): <c>queued</c>, <c>in_progress</c>, <c>completed</c>, ...</summary>
    public SortedDictionary<long, string> Attempts { get; } = [];

    /// <summary>The latest attempt.</summary>
    public long CurrentAttempt => Attempts.Count == 0 ? 1 : Attempts.Keys.Max();

    /// <summary>The latest attempt's status.</summary>
    public string Status => Attempts.Count == 0 ? "queued" : Attempts[CurrentAttempt];
}
