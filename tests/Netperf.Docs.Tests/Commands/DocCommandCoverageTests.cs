using System.Reflection;
using Netperf.Testing;
using Netperf.Testing.Integration;

namespace Netperf.Docs.Tests.Commands;

/// <summary>
/// Every command block of the docs is exercised: run by <see cref="DocCommandRunTests"/>, run verbatim by
/// .ci/run, run in its script's smoke mode, or mapped to named tests that run its code path.
/// </summary>
public sealed class DocCommandCoverageTests
{
    /// <summary>The assemblies whose test methods an entry may name.</summary>
    private static readonly string[] TestAssemblies =
    [
        "Netperf.Core.Tests", "Netperf.Azure.Tests", "Netperf.Lab.Tests", "Netperf.Perf.Tests",
        "Netperf.Harness.Tests", "Netperf.Samples.Tests", "Netperf.Tool.Tests", "Netperf.Packaging.Tests", "Netperf.Docs.Tests", "Netperf.Results.Tests",
    ];

    private readonly string _root = RepositoryRoot.Find();
    private readonly DocCommandRegistry _registry = DocCommandRegistry.Load(RepositoryRoot.Find());

    [Fact]
    public void DocumentedCommands_Found_IncludeTheReadmesTwoCommands()
    {
        var commands = DocPages.Commands(_root);

        Assert.Contains(commands, c => c.File == "README.md" && c.Text == "dotnet run -c Release --project samples/Netperf.Quickstart");
        Assert.Contains(commands, c => c.File == "README.md" && c.Text == "bash eng/test.sh");
    }

    [Fact]
    public void EveryDocumentedCommand_IsRunOrMapped()
    {
        var missing = DocPages.Commands(_root)
            .Where(c => _registry.Find(c) is null)
            .Select(c => $"{c.Location}: `{c.Text}` is neither run by the docs test nor mapped in {DocCommandRegistry.RelativePath}")
            .ToList();

        Assert.True(missing.Count == 0, string.Join('\n', missing));
    }

    [Fact]
    public void EveryRegistryEntry_MatchesADocumentedCommand()
    {
        var commands = DocPages.Commands(_root);
        var stale = _registry.Entries
            .SelectMany(e => e.Files.Select(f => (Entry: e, File: f)))
            .Where(x => !commands.Any(c => c.File == x.File && c.Text == x.Entry.Command))
            .Select(x => $"{DocCommandRegistry.RelativePath}: '{x.Entry.Command}' is not a command of {x.File} (changed or removed?)")
            .ToList();

        Assert.True(stale.Count == 0, string.Join('\n', stale));
    }

    [Fact]
    public void EveryRegistryEntry_SaysHowItIsExercisedAndWhy()
    {
        var problems = new List<string>();
        foreach (var entry in _registry.Entries)
        {
            var ways = new object?[] { entry.Run, entry.Tests, entry.Ci, entry.Smoke }.Count(w => w is not null);
            if (ways != 1)
            {
                problems.Add($"{entry}: set exactly one of run, tests, ci, smoke (has {ways})");
            }

            if (entry.Run is null && string.IsNullOrWhiteSpace(entry.Why))
            {
                problems.Add($"{entry}: say why it is not run as written ('why')");
            }

            if (entry.Run is { } run)
            {
                if (run.Expect.Count == 0 && run.Writes.Count == 0)
                {
                    problems.Add($"{entry}: a run must check its output ('expect') or its files ('writes'), not only the exit code");
                }

                if (run.Needs.Count > 0 && !DocCommandRunTests.HandledPrerequisites.Any(set => set.SetEquals(ParseNeeds(run.Needs))))
                {
                    problems.Add($"{entry}: no docs test runs commands needing [{string.Join(", ", run.Needs)}]");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void MappedTests_AreTestMethodsThatRun()
    {
        var assemblies = TestAssemblies.Select(Assembly.Load).ToList();
        var problems = new List<string>();
        foreach (var entry in _registry.Entries.Where(e => e.Tests is not null))
        {
            if (entry.Tests!.Count == 0)
            {
                problems.Add($"{entry}: 'tests' is empty");
            }

            foreach (var name in entry.Tests)
            {
                var problem = CheckTestMethod(assemblies, name);
                if (problem is not null)
                {
                    problems.Add($"{entry}: {problem}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void CiMappedCommands_AreRunByCiVerbatim()
    {
        var ci = File.ReadAllLines(Path.Combine(_root, ".ci", "run")).Select(MarkdownCommands.Normalize).ToList();
        var problems = new List<string>();
        foreach (var entry in _registry.Entries.Where(e => e.Ci is not null))
        {
            if (entry.Ci != ".ci/run")
            {
                problems.Add($"{entry}: ci must be '.ci/run' (got '{entry.Ci}')");
            }
            else if (!ci.Contains(entry.Command, StringComparer.Ordinal))
            {
                problems.Add($"{entry}: .ci/run has no line '{entry.Command}'");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void SmokeMappedCommands_RunTheSameScriptInADocumentedRun()
    {
        var problems = new List<string>();
        foreach (var entry in _registry.Entries.Where(e => e.Smoke is not null))
        {
            var smoke = _registry.Entries.FirstOrDefault(e => e.Command == entry.Smoke);
            if (smoke?.Run is null)
            {
                problems.Add($"{entry}: its smoke command '{entry.Smoke}' is not a documented command the docs test runs");
            }
            else if (Script(entry.Command) is not { } script || script != Script(smoke.Command))
            {
                problems.Add($"{entry}: '{entry.Smoke}' does not run the same script");
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    /// <summary>
    /// The program and mode a command runs: an eng/ script and its first argument, or a dotnet run project
    /// and the first argument after <c>--</c>; null for anything else.
    /// </summary>
    internal static string? Script(string command)
    {
        var words = command.Split(' ').SkipWhile(w => w is "sudo" or "bash").ToList();
        if (words.Count > 0 && words[0].StartsWith("eng/", StringComparison.Ordinal))
        {
            return string.Join(' ', words.Take(2).Where(w => !w.StartsWith('-')));
        }

        var project = words.IndexOf("--project");
        var separator = words.IndexOf("--");
        if (words.Count > 1 && words[0] == "dotnet" && words[1] == "run" && project > 0 && project + 1 < words.Count)
        {
            var mode = separator > 0 && separator + 1 < words.Count ? words[separator + 1] : string.Empty;
            return $"{words[project + 1]} {mode}".Trim();
        }

        return null;
    }

    internal static HashSet<Prerequisite> ParseNeeds(IEnumerable<string> needs) =>
        needs.Select(n => Enum.Parse<Prerequisite>(n, ignoreCase: false)).ToHashSet();

    private static string? CheckTestMethod(IReadOnlyList<Assembly> assemblies, string name)
    {
        var dot = name.LastIndexOf('.');
        if (dot <= 0)
        {
            return $"'{name}' is not namespace.class.method";
        }

        var typeName = name[..dot];
        var type = assemblies.Select(a => a.GetType(typeName, throwOnError: false)).FirstOrDefault(t => t is not null);
        if (type is null)
        {
            return $"no test class {typeName} in {string.Join(", ", TestAssemblies)}";
        }

        var method = type.GetMethod(name[(dot + 1)..], BindingFlags.Public | BindingFlags.Instance);
        var fact = method?.GetCustomAttribute<FactAttribute>(inherit: true);
        if (fact is null)
        {
            return $"{name} is not a public [Fact]/[Theory] method";
        }

        // An integration fact skips only where a prerequisite is missing (and never in CI); any other skip never runs.
        return fact.Skip is not null && fact is not IntegrationFactAttribute ? $"{name} is skipped: {fact.Skip}" : null;
    }
}
