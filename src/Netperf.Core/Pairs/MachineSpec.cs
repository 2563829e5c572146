namespace Netperf.Core.Pairs;

/// <summary>
/// What a job needs from a pair: an OS image in an environment, with an architecture and size.
/// Two specs that are equal describe interchangeable pairs, which is what the pool relies on
/// when it moves a job from a failed pair to a healthy one.
/// </summary>
public sealed record MachineSpec
{
    /// <summary>The OS image, such as <c>ubuntu-24.04</c>, <c>windows-2022</c> or <c>windows-prerelease</c>.</summary>
    public required string Image { get; init; }

    /// <summary>The environment that provides the pair: <c>local</c>, <c>lab</c> or <c>azure</c>.</summary>
    public required string Environment { get; init; }

    /// <summary>The CPU architecture; defaults to <c>x64</c>.</summary>
    public string Architecture { get; init; } = "x64";

    /// <summary>A provider-specific size (an Azure VM size, a lab host class); <see langword="null"/> lets the provider choose.</summary>
    public string? Size { get; init; }

    /// <summary>Extra tags copied onto every resource of the pair, beside the ownership tags.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    /// <summary>The OS family implied by <see cref="Image"/>: images whose name starts with <c>windows</c> are Windows.</summary>
    public OsFamily OsFamily =>
        Image.StartsWith("windows", StringComparison.OrdinalIgnoreCase) ? OsFamily.Windows : OsFamily.Linux;

    /// <summary>
    /// True when a pair made for <paramref name="other"/> can serve this spec: same image, environment,
    /// architecture and size (tags are informational and do not matter).
    /// </summary>
    /// <param name="other">The spec of a candidate pair.</param>
    /// <returns><see langword="true"/> when the two specs are interchangeable.</returns>
    public bool IsInterchangeableWith(MachineSpec other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return string.Equals(Image, other.Image, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Environment, other.Environment, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Architecture, other.Architecture, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Size ?? string.Empty, other.Size ?? string.Empty, StringComparison.OrdinalIgnoreCase);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Image}/{Environment}/{Architecture}" + (Size is null ? string.Empty : $"/{Size}");
}
