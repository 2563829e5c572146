using System.IO.Compression;
using System.Text.Json;
using System.Xml.Linq;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>
/// Proves a team can use Netperf from packages alone: every package packed into a temporary feed
/// (<see cref="PackedFeed"/>), a fresh perf-test project from ConsumerTemplate that references Netperf.Perf by
/// version, run for one second; and Netperf.Perf's own dependencies kept to the framework and runner.
/// </summary>
public sealed class ConsumerPackagingTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    [Fact]
    public async Task PackedPackages_ConsumedFromFeedWithoutSource_RunAPerfTest()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        foreach (var package in PackedFeed.Packages)
        {
            var nupkg = feed.PathOf(package);
            Assert.True(File.Exists(nupkg), $"missing {nupkg}");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"missing symbols for {package}");
            using var zip = ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains($"lib/net10.0/{package}.dll", names);
            Assert.Contains($"lib/net10.0/{package}.xml", names);
            Assert.Contains("README.md", names);
        }

        var consumer = Directory.CreateDirectory(Path.Combine(feed.Work, "consumer")).FullName;
        var template = Path.Combine(AppContext.BaseDirectory, "ConsumerTemplate");
        File.WriteAllText(
            Path.Combine(consumer, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(template, "Consumer.csproj.template")).Replace("@NETPERF_VERSION@", feed.Version, StringComparison.Ordinal));
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(consumer, "Program.cs"));
        File.Copy(Path.Combine(template, "ChecksumTest.cs"), Path.Combine(consumer, "ChecksumTest.cs"));
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed.Folder}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);

        var results = Path.Combine(consumer, "r.json");
        var (runCode, runOutput) = await ProcessRunner.RunAsync(
            "dotnet",
            $"run -c Release -- Checksum --duration 1 --warmup 0 --size 256 --results-file \"{results}\"",
            consumer,
            TimeSpan.FromMinutes(5));

        Assert.True(runCode == 0, $"the consumer project failed (exit {runCode}):\n{runOutput}");
        using var json = JsonDocument.Parse(File.ReadAllText(results));
        Assert.Equal("ChecksumTest", json.RootElement.GetProperty("test").GetString());
        Assert.True(json.RootElement.GetProperty("opsPerSecond").GetDouble() > 0, runOutput);
    }

    [Fact]
    public void PackedPerf_Nuspec_DependsOnNeitherAspNetCoreNorBenchmarkDotNet()
    {
        Assert.True(feed.Failure is null, feed.Failure);

        var perf = Nuspec(feed.PathOf("Netperf.Perf"));
        var harness = Nuspec(feed.PathOf("Netperf.Harness"));

        Assert.DoesNotContain(perf.Descendants().Where(e => e.Name.LocalName == "frameworkReference"), e => (string?)e.Attribute("name") == "Microsoft.AspNetCore.App");
        Assert.DoesNotContain(perf.Descendants().Where(e => e.Name.LocalName == "dependency"), e => (string?)e.Attribute("id") == "BenchmarkDotNet");
        Assert.Contains(perf.Descendants().Where(e => e.Name.LocalName == "dependency"), e => (string?)e.Attribute("id") == "System.CommandLine");

        // The weight went where it is used: the peer server's Kestrel to the harness, BenchmarkDotNet to its plug-in.
        Assert.Contains(harness.Descendants().Where(e => e.Name.LocalName == "frameworkReference"), e => (string?)e.Attribute("name") == "Microsoft.AspNetCore.App");
        Assert.Contains(Nuspec(feed.PathOf("Netperf.Perf.BenchmarkDotNet")).Descendants().Where(e => e.Name.LocalName == "dependency"), e => (string?)e.Attribute("id") == "BenchmarkDotNet");
    }

    private static XDocument Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }
}
