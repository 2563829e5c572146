namespace Netperf.Core.Pairs;

/// <summary>
/// What a provider knows about an existing pair without connecting to it: its id and tags.
/// The janitor decides from records alone, so a record never needs a live machine.
/// </summary>
public sealed record PairRecord
{
    /// <summary>The pair id.</summary>
    public required string Id { get; init; }

    /// <summary>The environment that holds the pair.</summary>
    public required string Environment { get; init; }

    /// <summary>All tags found on the pair's resources (ownership tags included when present).</summary>
    public required IReadOnlyDictionary<string, string> Tags { get; init; }

    /// <summary>When the pair was created, when known.</summary>
    public DateTimeOffset? CreatedAt { get; init; }

    /// <summary>
    /// True when the record is not a pair but what a crash left of one before its ownership record existed, or of a
    /// session whose process is gone (a pair folder without its state file, an orphaned ssh session folder), and the
    /// provider can prove it is its own (it lies in the provider's private state). The janitor deletes remnants
    /// whatever their tags say; <see cref="Tags"/> is then usually empty.
    /// </summary>
    public bool IsRemnant { get; init; }
}
