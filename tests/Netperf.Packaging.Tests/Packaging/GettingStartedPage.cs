using System.Text.RegularExpressions;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>
/// The files docs/getting-started.md shows: every fenced block whose info string names a file
/// (<c>```xml file=PerfTests/PerfTests.csproj</c>), as the exact text a reader copies.
/// </summary>
internal static partial class GettingStartedPage
{
    public const string RelativePath = "docs/getting-started.md";

    /// <summary>The page's files by workspace-relative path.</summary>
    public static IReadOnlyDictionary<string, string> Files(string markdown)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match block in FileBlock().Matches(markdown.Replace("\r\n", "\n", StringComparison.Ordinal)))
        {
            var path = block.Groups["path"].Value;
            if (!files.TryAdd(path, block.Groups["body"].Value))
            {
                throw new InvalidOperationException($"{RelativePath} shows {path} twice.");
            }
        }

        return files;
    }

    /// <summary>Writes the files under <paramref name="prefix"/> (a folder, or <c>nuget.config</c>) into <paramref name="workspace"/>.</summary>
    public static void Write(IReadOnlyDictionary<string, string> files, string prefix, string workspace)
    {
        var chosen = files.Where(f => f.Key == prefix || f.Key.StartsWith(prefix + "/", StringComparison.Ordinal)).ToList();
        if (chosen.Count == 0)
        {
            throw new InvalidOperationException($"{RelativePath} shows no file under {prefix}.");
        }

        foreach (var (path, text) in chosen)
        {
            var target = Path.Combine(workspace, path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllText(target, text);
        }
    }

    [GeneratedRegex(@"^```\w+ file=(?<path>[^\s`]+)\n(?<body>.*?)^```$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FileBlock();
}
