using System.Reflection;
using Netperf.Perf.Discovery.Internal;

namespace Netperf.Perf.Discovery;

/// <summary>
/// The perf tests found in a set of assemblies (always including the framework's system tests),
/// and name lookup: case-insensitive, with or without the <c>Test</c> suffix.
/// </summary>
public sealed class PerfTestCatalog
{
    private PerfTestCatalog(IReadOnlyList<PerfTestDescriptor> tests, IReadOnlyList<string> problems, IReadOnlyList<string> skipped)
    {
        Tests = tests;
        Problems = problems;
        Skipped = skipped;
    }

    /// <summary>Every test, ordered by name.</summary>
    public IReadOnlyList<PerfTestDescriptor> Tests { get; }

    /// <summary>Why some perf-test classes cannot run (for example a missing options constructor); listed with the tests.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// Every type that looked like a perf test and was not taken, with why (abstract, not public, generic, no
    /// usable constructor, a constructor for other options, a type or assembly that failed to load); printed by
    /// <c>--list --verbose</c>.
    /// </summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Discovers the tests of <paramref name="assemblies"/> and of Netperf.Perf itself.</summary>
    /// <param name="assemblies">The assemblies to scan (duplicates are ignored).</param>
    /// <returns>The catalog.</returns>
    public static PerfTestCatalog FromAssemblies(IEnumerable<Assembly> assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var tests = new List<PerfTestDescriptor>();
        var problems = new List<string>();
        var skipped = new List<string>();
        foreach (var assembly in assemblies.Append(typeof(PerfTest).Assembly).Distinct())
        {
            foreach (var type in DiscoveryDiagnostics.AllTypes(assembly, skipped))
            {
                if (PerfTestDescriptor.IsCandidate(type))
                {
                    try
                    {
                        tests.Add(PerfTestDescriptor.For(type));
                    }
                    catch (ArgumentException ex)
                    {
                        var message = ex.Message.Split(" (Parameter", 2)[0];
                        problems.Add(message);
                        skipped.Add($"{type.FullName} ({assembly.GetName().Name}): {message}");
                    }
                }
                else if (DiscoveryDiagnostics.WhyNot(type) is { } reason)
                {
                    skipped.Add($"{type.FullName} ({assembly.GetName().Name}): {reason}");
                }
            }
        }

        return new PerfTestCatalog([.. tests.DistinctBy(t => t.Type).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)], problems, skipped);
    }

    /// <summary>Finds a test by name, case-insensitively, with or without its <c>Test</c> suffix.</summary>
    /// <param name="name">The name given on the command line.</param>
    /// <returns>The test, or <see langword="null"/> when none (or more than one) matches.</returns>
    public PerfTestDescriptor? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = NameMatcher.Normalize(name);
        var matches = Tests.Where(t => NameMatcher.Normalize(t.Name) == key).ToList();
        if (matches.Count == 1)
        {
            return matches[0];
        }

        // Two assemblies may each have a NoOpTest: only a full type name tells them apart.
        return Tests.SingleOrDefault(t => string.Equals(t.Type.FullName, name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The names closest to <paramref name="name"/> (edit distance, then shared prefix), best first.</summary>
    /// <param name="name">The unknown name.</param>
    /// <param name="count">How many to return at most.</param>
    /// <returns>The closest test names.</returns>
    public IReadOnlyList<string> ClosestMatches(string name, int count = 3)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NameMatcher.Closest(name, Tests.Select(t => t.Name), count);
    }
}
