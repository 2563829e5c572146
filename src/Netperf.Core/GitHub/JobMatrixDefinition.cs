namespace Netperf.Core.GitHub;

/// <summary>
/// A job matrix as written by people: the cross product of the dimension lists, minus
/// <see cref="Exclude"/>, plus the explicit jobs of <see cref="Include"/>. Read one from JSON with
/// <see cref="JobMatrix.Parse(string)"/>.
/// </summary>
public sealed record JobMatrixDefinition
{
    /// <summary>OS images of the product.</summary>
    public IReadOnlyList<string> Os { get; init; } = [];

    /// <summary>Environments of the product.</summary>
    public IReadOnlyList<string> Environment { get; init; } = [];

    /// <summary>Architectures of the product; empty means <c>x64</c>.</summary>
    public IReadOnlyList<string> Architecture { get; init; } = [];

    /// <summary>I/O models of the product.</summary>
    public IReadOnlyList<string> Io { get; init; } = [];

    /// <summary>TLS libraries of the product.</summary>
    public IReadOnlyList<string> Tls { get; init; } = [];

    /// <summary>True to mark every job of the product optional (staging).</summary>
    public bool Optional { get; init; }

    /// <summary>Product jobs to leave out.</summary>
    public IReadOnlyList<MatrixFilter> Exclude { get; init; } = [];

    /// <summary>Explicit jobs added after the product; these must obey the rules or expansion fails.</summary>
    public IReadOnlyList<MatrixEntry> Include { get; init; } = [];
}
