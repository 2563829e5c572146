using System.Text.Json;
using System.Xml.Linq;
using Netperf.Testing;

namespace Netperf.Packaging.Tests.Architecture;

/// <summary>
/// The layering of src/ as a test, read from the project files so it cannot drift silently: each project references only
/// what architecture.json allows; Perf and Core never reach each other, nor one environment another, even transitively;
/// the harness reaches Core and Perf only; nothing in src reaches samples or tests; Netperf.Perf carries neither
/// ASP.NET Core nor BenchmarkDotNet.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Root = RepositoryRoot.Find();
    private static readonly Rules Layering = Rules.Load(Path.Combine(AppContext.BaseDirectory, "Architecture", "architecture.json"));
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> References = SourceProjects();

    [Fact]
    public void SourceProjects_EachOne_IsListedInTheRules()
    {
        var unlisted = References.Keys.Where(p => !Layering.Allowed.ContainsKey(p)).ToList();

        Assert.True(unlisted.Count == 0, $"src/ projects without layering rules: {string.Join(", ", unlisted)}. Add each to tests/Netperf.Packaging.Tests/Architecture/architecture.json with the projects it may reference, and to docs/architecture.md.");
    }

    [Fact]
    public void ProjectReferences_EachSourceProject_OnlyTheAllowedOnes()
    {
        var broken = References
            .Where(p => Layering.Allowed.ContainsKey(p.Key))
            .SelectMany(p => p.Value.Where(r => !Layering.Allowed[p.Key].Contains(r)).Select(r => $"{p.Key} -> {r}"))
            .ToList();

        Assert.True(broken.Count == 0, $"references architecture.json does not allow: {string.Join("; ", broken)}.");
    }

    [Fact]
    public void ProjectReferences_Transitively_NeverReachWhatTheRulesForbid()
    {
        var broken = Layering.NeverReach
            .Where(rule => References.ContainsKey(rule.From) && Reachable(rule.From).Contains(rule.To))
            .Select(rule => $"{rule.From} reaches {rule.To} ({rule.Why})")
            .ToList();

        Assert.True(broken.Count == 0, string.Join("; ", broken));
    }

    [Fact]
    public void ProjectReferences_Environments_NeverReachAnotherEnvironment()
    {
        var broken = Layering.Environments
            .Where(References.ContainsKey)
            .SelectMany(e => Reachable(e).Where(r => r != e && Layering.Environments.Contains(r)).Select(r => $"{e} -> {r}"))
            .ToList();

        Assert.True(broken.Count == 0, $"environment packages reach each other: {string.Join("; ", broken)}.");
    }

    [Fact]
    public void ProjectReferences_SourceProjects_NeverReachSamplesOrTests()
    {
        var broken = Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .SelectMany(csproj => RawReferences(csproj)
                .Select(path => Path.GetRelativePath(Root, Path.GetFullPath(Path.Combine(Path.GetDirectoryName(csproj)!, path))).Replace('\\', '/'))
                .Where(target => !target.StartsWith("src/", StringComparison.Ordinal))
                .Select(target => $"{Path.GetFileNameWithoutExtension(csproj)} -> {target}"))
            .ToList();

        Assert.True(broken.Count == 0, $"src/ projects reference projects outside src/: {string.Join("; ", broken)}.");
    }

    [Fact]
    public void NetperfPerf_NeitherAspNetCoreNorBenchmarkDotNet()
    {
        var perf = XDocument.Load(Path.Combine(Root, "src", "Netperf.Perf", "Netperf.Perf.csproj"));

        Assert.Empty(perf.Descendants("FrameworkReference"));
        Assert.DoesNotContain(perf.Descendants("PackageReference"), r => (string?)r.Attribute("Include") == "BenchmarkDotNet");
    }

    [Fact]
    public void Reachable_ChainOfReferences_FollowsEveryLink()
    {
        // The transitive walk the rules rely on: the tool reaches Core through Azure and Lab as well as directly, and
        // Perf only through Results (a link of a link); an environment reaches neither Perf nor another environment.
        Assert.Contains("Netperf.Core", Reachable("Netperf.Tool"));
        Assert.Contains("Netperf.Lab", Reachable("Netperf.Tool"));
        Assert.Contains("Netperf.Perf", Reachable("Netperf.Tool"));
        Assert.DoesNotContain("Netperf.Perf", Reachable("Netperf.Lab"));
        Assert.DoesNotContain("Netperf.Azure", Reachable("Netperf.Lab"));
    }

    private static HashSet<string> Reachable(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Stack<string>([project]);
        while (next.TryPop(out var current))
        {
            foreach (var reference in References.GetValueOrDefault(current) ?? [])
            {
                if (seen.Add(reference))
                {
                    next.Push(reference);
                }
            }
        }

        return seen;
    }

    private static Dictionary<string, IReadOnlyList<string>> SourceProjects() =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories)
            .ToDictionary(
                csproj => Path.GetFileNameWithoutExtension(csproj),
                csproj => (IReadOnlyList<string>)RawReferences(csproj).Select(r => Path.GetFileNameWithoutExtension(r.Replace('\\', '/'))).ToList(),
                StringComparer.Ordinal);

    private static IEnumerable<string> RawReferences(string csproj) =>
        XDocument.Load(csproj).Descendants("ProjectReference").Select(e => (string?)e.Attribute("Include")).OfType<string>();

    private sealed record Rule(string From, string To, string Why);

    private sealed record Rules(IReadOnlyDictionary<string, IReadOnlyList<string>> Allowed, IReadOnlyList<Rule> NeverReach, IReadOnlyList<string> Environments)
    {
        public static Rules Load(string file)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            var root = json.RootElement;
            return new Rules(
                root.GetProperty("allowed").EnumerateObject().ToDictionary(
                    p => p.Name, p => (IReadOnlyList<string>)p.Value.EnumerateArray().Select(v => v.GetString()!).ToList(), StringComparer.Ordinal),
                root.GetProperty("neverReach").EnumerateArray()
                    .Select(r => new Rule(r.GetProperty("from").GetString()!, r.GetProperty("to").GetString()!, r.GetProperty("why").GetString()!)).ToList(),
                root.GetProperty("environments").EnumerateArray().Select(v => v.GetString()!).ToList());
        }
    }
}
