using System.Text.Json;
using System.Text.Json.Serialization;

namespace Netperf.Harness.Network;

/// <summary>Reads and writes a <see cref="PeerServerOutcome"/> as JSON (<c>--outcome-file</c>).</summary>
public static class PeerServerOutcomeFile
{
    /// <summary>Writes the outcome, creating the folder.</summary>
    /// <param name="path">The file.</param>
    /// <param name="outcome">The outcome.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when written.</returns>
    public static async Task WriteAsync(string path, PeerServerOutcome outcome, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(outcome);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(outcome, OutcomeJsonContext.Default.PeerServerOutcome), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an outcome written by <see cref="WriteAsync"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The outcome.</returns>
    public static async Task<PeerServerOutcome> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.Deserialize(text, OutcomeJsonContext.Default.PeerServerOutcome)
            ?? throw new InvalidOperationException($"The outcome file {path} is empty; rerun the test with --outcome-file.");
    }
}

/// <summary>Source-generated JSON for outcomes (camelCase).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(PeerServerOutcome))]
internal sealed partial class OutcomeJsonContext : JsonSerializerContext;
