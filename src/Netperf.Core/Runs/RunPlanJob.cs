namespace Netperf.Core.Runs;

/// <summary>One job of a <see cref="RunPlan"/>: a matrix row, the pair it runs on, and the runner that takes it.</summary>
public sealed record RunPlanJob
{
    /// <summary>The job's id: the matrix row's id (<c>os-env-arch-io-tls</c>).</summary>
    public required string Id { get; init; }

    /// <summary>The OS image.</summary>
    public required string Os { get; init; }

    /// <summary>The environment.</summary>
    public required string Environment { get; init; }

    /// <summary>The CPU architecture.</summary>
    public required string Architecture { get; init; }

    /// <summary>The I/O model.</summary>
    public required string Io { get; init; }

    /// <summary>The TLS library.</summary>
    public required string Tls { get; init; }

    /// <summary>True for an optional (staging) job.</summary>
    public bool Optional { get; init; }

    /// <summary>The pair the job runs on, or <see langword="null"/> while it has none.</summary>
    public string? PairId { get; init; }

    /// <summary>Pairs made for this job that failed (creation or bootstrap), as far as the pool saw them.</summary>
    public IReadOnlyList<string> FailedPairs { get; init; } = [];

    /// <summary>True when the job runs on another pair than one made for it: its own failed and it went to a healthy pair of its spec.</summary>
    public bool Reassigned { get; init; }

    /// <summary>The runner registered for this job (one ephemeral runner per job), or <see langword="null"/> without GitHub.</summary>
    public string? RunnerName { get; init; }

    /// <summary>The runner's id in GitHub, or 0.</summary>
    public long RunnerId { get; init; }

    /// <summary>The runner's folder on the pair's client.</summary>
    public string? InstallDirectory { get; init; }

    /// <summary>The <c>runs-on</c> labels that reach exactly this job's runner; empty without GitHub.</summary>
    public IReadOnlyList<string> RunsOn { get; init; } = [];
}
