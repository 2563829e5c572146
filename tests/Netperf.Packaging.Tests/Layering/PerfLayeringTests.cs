using System.Xml.Linq;
using Netperf.Testing;

namespace Netperf.Packaging.Tests.Layering;

/// <summary>
/// The perf side's layering, read from the projects: Netperf.Perf stands alone (no Netperf package, no ASP.NET Core,
/// no BenchmarkDotNet), its plug-in packages reach only what they need, and the harness never reaches an environment.
/// </summary>
public sealed class PerfLayeringTests
{
    [Theory]
    [InlineData("Netperf.Perf", new string[0])]
    [InlineData("Netperf.Perf.BenchmarkDotNet", new[] { "Netperf.Perf" })]
    [InlineData("Netperf.Harness", new[] { "Netperf.Core", "Netperf.Perf" })]
    public void ProjectReferences_OnlyTheAllowedPackages(string project, string[] allowed)
    {
        var references = Project(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension((string)r.Attribute("Include")!))
            .OrderBy(r => r, StringComparer.Ordinal);

        Assert.Equal(allowed.Order(StringComparer.Ordinal), references);
    }

    [Fact]
    public void NetperfPerf_NeitherAspNetCoreNorBenchmarkDotNet()
    {
        var perf = Project("Netperf.Perf");

        Assert.Empty(perf.Descendants("FrameworkReference"));
        Assert.DoesNotContain(perf.Descendants("PackageReference"), r => (string?)r.Attribute("Include") == "BenchmarkDotNet");
    }

    private static XDocument Project(string name) =>
        XDocument.Load(Path.Combine(RepositoryRoot.Find(), "src", name, name + ".csproj"));
}
