namespace Netperf.Testing.GitHub;

/// <summary>A runner held by <see cref="FakeGitHubServer"/>; tests change its state through the server.</summary>
public sealed class FakeRunner
{
    internal FakeRunner(long id, string scope, string name)
    {
        Id = id;
        Scope = scope;
        Name = name;
    }

    /// <summary>The runner id.</summary>
    public long Id { get; }

    /// <summary>The scope path (<c>repos/o/r</c> or <c>orgs/o</c>).</summary>
    public string Scope { get; }

    /// <summary>The runner name.</summary>
    public string Name { get; }

    /// <summary><c>online</c> or <c>offline</c>.</summary>
    public string Status { get; set; } = "offline";

    /// <summary>The OS GitHub reports (<c>unknown</c> until the runner connects).</summary>
    public string Os { get; set; } = "unknown";

    /// <summary>True while a job runs.</summary>
    public bool Busy { get; set; }

    /// <summary>True for single-job runners.</summary>
    public bool Ephemeral { get; set; }

    /// <summary>The runner group id.</summary>
    public long RunnerGroupId { get; set; } = 1;

    /// <summary>The default labels (self-hosted, OS, architecture).</summary>
    public List<string> ReadOnlyLabels { get; } = [];

    /// <summary>The custom labels.</summary>
    public List<string> CustomLabels { get; } = [];

    /// <summary>The JIT configuration blob that starts this runner, when it was made by generate-jitconfig.</summary>
    public string? JitConfig { get; set; }

    /// <summary>Every label, default first.</summary>
    public IEnumerable<string> AllLabels => ReadOnlyLabels.Concat(CustomLabels);
}
