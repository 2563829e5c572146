namespace Netperf.Perf.CommandLine.Internal;

/// <summary>
/// A test's arguments as parsed (response files expanded, <c>--name=value</c> split), in three views:
/// <see cref="Public"/> without the secret options, <see cref="Secret"/> with only them (name and value),
/// and <see cref="Redacted"/> with every secret value replaced by <see cref="PerfOptionsParser.Mask"/>.
/// <see cref="Public"/> and <see cref="Secret"/> together parse to the same options as the original.
/// </summary>
internal sealed record SplitArguments(IReadOnlyList<string> Public, IReadOnlyList<string> Secret, IReadOnlyList<string> Redacted)
{
    /// <summary>The secret values alone (no option names), for scrubbing text.</summary>
    public IReadOnlyList<string> SecretValues { get; init; } = [];
}
