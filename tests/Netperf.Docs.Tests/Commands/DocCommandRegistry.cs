using System.Text.Json;

namespace Netperf.Docs.Tests.Commands;

/// <summary>doc-commands.json: how each documented command is exercised.</summary>
public sealed class DocCommandRegistry
{
    /// <summary>The registry's path, relative to the repository root.</summary>
    public const string RelativePath = "tests/Netperf.Docs.Tests/doc-commands.json";

    private static readonly JsonSerializerOptions SerializerOptions = new()
    {
        PropertyNameCaseInsensitive = false,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        ReadCommentHandling = JsonCommentHandling.Skip,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    };

    private DocCommandRegistry(IReadOnlyList<DocCommandEntry> entries) => Entries = entries;

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<DocCommandEntry> Entries { get; }

    /// <summary>Reads the registry of the checkout at <paramref name="root"/>.</summary>
    public static DocCommandRegistry Load(string root)
    {
        var path = Path.Combine(root, RelativePath);
        var entries = JsonSerializer.Deserialize<List<DocCommandEntry>>(File.ReadAllText(path), SerializerOptions)
            ?? throw new InvalidOperationException($"{RelativePath} is empty; it must be a JSON array of entries.");
        return new DocCommandRegistry(entries);
    }

    /// <summary>The entry for a documented command, or <see langword="null"/> when there is none.</summary>
    public DocCommandEntry? Find(DocCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Entries.FirstOrDefault(e => e.Command == command.Text && e.Files.Contains(command.File, StringComparer.Ordinal));
    }
}
