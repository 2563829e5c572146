namespace Netperf.Docs.Tests.Commands;

/// <summary>The pages whose command blocks must be exercised: the README, the book (docs/) and every package's and sample's README.</summary>
public static class DocPages
{
    /// <summary>The pages, repository-relative with forward slashes, in a stable order.</summary>
    public static IReadOnlyList<string> Find(string root)
    {
        var pages = new List<string> { "README.md" };
        pages.AddRange(Directory.GetFiles(Path.Combine(root, "docs"), "*.md"));
        foreach (var folder in new[] { "src", "samples" })
        {
            pages.AddRange(Directory.GetFiles(Path.Combine(root, folder), "README.md", SearchOption.AllDirectories)
                .Where(p => !IsBuildOutput(p)));
        }

        return pages
            .Select(p => Path.IsPathRooted(p) ? Path.GetRelativePath(root, p) : p)
            .Select(p => p.Replace('\\', '/'))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every command of every page.</summary>
    public static IReadOnlyList<DocCommand> Commands(string root) =>
        Find(root).SelectMany(page => MarkdownCommands.Parse(page, File.ReadAllText(Path.Combine(root, page)))).ToList();

    private static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "feed" or "node_modules");
}
