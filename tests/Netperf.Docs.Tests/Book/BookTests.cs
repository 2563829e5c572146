using System.Text.RegularExpressions;
using Netperf.Docs.Tests.Commands;
using Netperf.Testing;

namespace Netperf.Docs.Tests.Book;

/// <summary>docs/ is a book: its index lists every page, and every relative link of every page leads somewhere.</summary>
public sealed partial class BookTests
{
    private readonly string _root = RepositoryRoot.Find();

    [Fact]
    public void Index_LinksEveryPageOfDocs()
    {
        var index = File.ReadAllText(Path.Combine(_root, "docs", "README.md"));
        var linked = Links(index).Select(l => Path.GetFullPath(Path.Combine(_root, "docs", l))).ToHashSet();

        var missing = Directory.GetFiles(Path.Combine(_root, "docs"), "*.md")
            .Where(p => Path.GetFileName(p) != "README.md" && !linked.Contains(Path.GetFullPath(p)))
            .Select(p => $"docs/README.md does not link docs/{Path.GetFileName(p)}")
            .ToList();

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public void RelativeLinks_OfEveryPage_LeadToExistingFiles()
    {
        var broken = new List<string>();
        foreach (var page in DocPages.Find(_root))
        {
            var folder = Path.GetDirectoryName(Path.Combine(_root, page))!;
            foreach (var link in Links(File.ReadAllText(Path.Combine(_root, page))))
            {
                if (!File.Exists(Path.Combine(folder, link)) && !Directory.Exists(Path.Combine(folder, link)))
                {
                    broken.Add($"{page}: link '{link}' leads nowhere");
                }
            }
        }

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    /// <summary>The relative targets of Markdown links (no scheme, no pure anchors), without their anchor.</summary>
    private static IEnumerable<string> Links(string markdown) =>
        MarkdownLink().Matches(markdown)
            .Select(m => m.Groups["target"].Value.Split('#')[0])
            .Where(t => t.Length > 0 && !t.Contains("://", StringComparison.Ordinal) && !t.StartsWith("mailto:", StringComparison.Ordinal));

    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex MarkdownLink();
}
