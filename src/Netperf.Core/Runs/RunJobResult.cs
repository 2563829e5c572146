namespace Netperf.Core.Runs;

/// <summary>How one job of <see cref="RunPlanner.RunAsync"/> ended.</summary>
public sealed record RunJobResult
{
    /// <summary>The job's id (the matrix row's).</summary>
    public required string JobId { get; init; }

    /// <summary>The pair the job last ran on, or <see langword="null"/> when it got none.</summary>
    public string? PairId { get; init; }

    /// <summary>The OS image.</summary>
    public required string Image { get; init; }

    /// <summary>The environment.</summary>
    public required string Environment { get; init; }

    /// <summary>True when the job ran on another pair than its first (a pair failed under it or before it).</summary>
    public bool Reassigned { get; init; }

    /// <summary>The command's exit code on the last pair; -1 when it never ran.</summary>
    public int ExitCode { get; init; } = -1;

    /// <summary>Why the job failed without an exit code (no pair, a pair fault on every attempt), or <see langword="null"/>.</summary>
    public string? Error { get; init; }
}
