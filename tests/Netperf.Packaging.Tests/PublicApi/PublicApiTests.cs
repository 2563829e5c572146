using System.Reflection;
using Netperf.Testing;

namespace Netperf.Packaging.Tests.PublicApi;

/// <summary>
/// Each package's public API is committed under tests/PublicApi. A change to the API fails this
/// test until the snapshot is regenerated (NETPERF_UPDATE_API=1 bash eng/test.sh) and reviewed in the diff.
/// </summary>
public sealed class PublicApiTests
{
    public static TheoryData<string> Packages => new() { "Netperf.Core", "Netperf.Azure", "Netperf.Lab", "Netperf.Perf", "Netperf.Perf.BenchmarkDotNet", "Netperf.Perf.Diagnostics", "Netperf.Harness", "Netperf.Results" };

    [Theory]
    [MemberData(nameof(Packages))]
    public void PublicApi_MatchesCommittedSnapshot(string assemblyName)
    {
        var assembly = Assembly.Load(assemblyName);
        var actual = PublicApiWriter.Write(assembly);
        var snapshot = Path.Combine(RepositoryRoot.Find(), "tests", "PublicApi", assemblyName + ".txt");

        if (Environment.GetEnvironmentVariable("NETPERF_UPDATE_API") == "1")
        {
            File.WriteAllText(snapshot, actual);
        }

        Assert.True(File.Exists(snapshot), $"No API snapshot at {snapshot}. Run NETPERF_UPDATE_API=1 bash eng/test.sh and commit it.");
        var expected = File.ReadAllText(snapshot);
        Assert.True(
            expected == actual,
            $"The public API of {assemblyName} changed. Review the diff of tests/PublicApi/{assemblyName}.txt after " +
            $"regenerating it with NETPERF_UPDATE_API=1 bash eng/test.sh, then commit it.\n" + FirstDifference(expected, actual));
    }

    [Fact]
    public void PublicApiWriter_DescribesTypesAndMembers()
    {
        var text = PublicApiWriter.Write(typeof(Netperf.Core.Pairs.MachineSpec).Assembly);

        Assert.Contains("sealed record Netperf.Core.Pairs.MachineSpec", text, StringComparison.Ordinal);
        Assert.Contains("  public System.String Image { get; init; }", text, StringComparison.Ordinal);
        Assert.Contains("interface Netperf.Core.Pairs.IVmPairProvider", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<Clone>$", text, StringComparison.Ordinal);
    }

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end>";
            var right = i < a.Length ? a[i] : "<end>";
            if (left != right)
            {
                return $"First difference at line {i + 1}:\n  snapshot: {left}\n  actual:   {right}";
            }
        }

        return string.Empty;
    }
}
