using Netperf.Core.Pairs;

namespace Netperf.Core.GitHub;

/// <summary>
/// One entry of a <see cref="JobMatrix"/> (one <c>include</c> item of the GitHub Actions matrix, which GitHub runs as
/// one job): an OS image in an environment on an architecture, with an I/O model and a TLS library. An entry becomes
/// a <see cref="MachineSpec"/> (and a <c>PoolJob</c> id) for the pool and a <c>runs-on</c> label array for GitHub Actions.
/// </summary>
public sealed record MatrixEntry
{
    /// <summary>The label every Netperf runner carries.</summary>
    public const string NetperfLabel = "netperf";

    /// <summary>The OS image, such as <c>ubuntu-24.04</c> or <c>windows-2022</c>.</summary>
    public required string Os { get; init; }

    /// <summary>The environment: <c>local</c>, <c>lab</c>, <c>azure</c>, ...</summary>
    public required string Environment { get; init; }

    /// <summary>The CPU architecture (<c>x64</c>, <c>arm64</c>, ...).</summary>
    public required string Architecture { get; init; }

    /// <summary>The I/O model (<c>iocp</c>, <c>epoll</c>, <c>xdp</c>, <c>wsk</c>, <c>iouring</c>, ...).</summary>
    public required string Io { get; init; }

    /// <summary>The TLS library (<c>schannel</c>, <c>openssl</c>, <c>quictls</c>, ...).</summary>
    public required string Tls { get; init; }

    /// <summary>True for optional (staging) jobs whose failure does not fail the workflow.</summary>
    public bool Optional { get; init; }

    /// <summary>The OS family implied by <see cref="Os"/>.</summary>
    public OsFamily OsFamily => ToMachineSpec().OsFamily;

    /// <summary>A stable id made of the dimensions, such as <c>ubuntu-24.04-azure-x64-epoll-openssl</c>.</summary>
    public string Id => $"{Os}-{Environment}-{Architecture}-{Io}-{Tls}";

    /// <summary>The machine spec a pair for this job must meet.</summary>
    /// <param name="size">An optional provider-specific size.</param>
    /// <returns>The spec.</returns>
    public MachineSpec ToMachineSpec(string? size = null) =>
        new() { Image = Os, Environment = Environment, Architecture = Architecture, Size = size };

    /// <summary>
    /// The GitHub Actions <c>runs-on</c> labels: <c>netperf</c>, <c>os-&lt;os&gt;</c>, <c>env-&lt;env&gt;</c>,
    /// <c>&lt;arch&gt;</c>, <c>io-&lt;io&gt;</c>, and <c>pair-&lt;id&gt;</c> once a pair is assigned.
    /// </summary>
    /// <param name="pairId">The assigned pair, or <see langword="null"/> before assignment.</param>
    /// <returns>The labels, in that order.</returns>
    public IReadOnlyList<string> GetRunsOnLabels(string? pairId = null)
    {
        var labels = new List<string>(6) { NetperfLabel, $"os-{Os}", $"env-{Environment}", Architecture, $"io-{Io}" };
        if (!string.IsNullOrWhiteSpace(pairId))
        {
            labels.Add($"pair-{pairId}");
        }

        return labels;
    }

    /// <inheritdoc />
    public override string ToString() => Optional ? Id + " (optional)" : Id;
}
