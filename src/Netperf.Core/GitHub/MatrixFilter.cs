namespace Netperf.Core.GitHub;

/// <summary>
/// A partial job used by <see cref="JobMatrixDefinition.Exclude"/>: a job matches when every
/// dimension given here is equal (case-insensitive); dimensions left <see langword="null"/> match anything.
/// </summary>
public sealed record MatrixFilter
{
    /// <summary>The OS image to match, or <see langword="null"/> for any.</summary>
    public string? Os { get; init; }

    /// <summary>The environment to match, or <see langword="null"/> for any.</summary>
    public string? Environment { get; init; }

    /// <summary>The architecture to match, or <see langword="null"/> for any.</summary>
    public string? Architecture { get; init; }

    /// <summary>The I/O model to match, or <see langword="null"/> for any.</summary>
    public string? Io { get; init; }

    /// <summary>The TLS library to match, or <see langword="null"/> for any.</summary>
    public string? Tls { get; init; }

    /// <summary>True when <paramref name="job"/> has every value this filter names.</summary>
    /// <param name="job">The job to test.</param>
    /// <returns><see langword="true"/> on a match.</returns>
    public bool Matches(MatrixEntry job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return Is(Os, job.Os) && Is(Environment, job.Environment) && Is(Architecture, job.Architecture)
            && Is(Io, job.Io) && Is(Tls, job.Tls);
    }

    private static bool Is(string? wanted, string actual) =>
        wanted is null || string.Equals(wanted, actual, StringComparison.OrdinalIgnoreCase);
}
