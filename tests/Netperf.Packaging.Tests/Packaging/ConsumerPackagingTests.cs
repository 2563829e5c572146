using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Netperf.Testing.Integration;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>
/// Proves a team can use Netperf from packages alone, exactly as docs/getting-started.md tells it: every package and
/// the tool packed into a local feed (<see cref="PackedFeed"/>), the page's projects written verbatim into a workspace,
/// built and run against that feed; the tool installed from it into a tool path; and Netperf.Perf's own dependencies
/// kept to the framework and runner.
/// </summary>
public sealed class ConsumerPackagingTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(6);

    [Fact]
    public void PackedPackages_EachPackage_CarriesItsAssemblyDocsSymbolsAndReadme()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        Assert.Contains("Netperf.Tool", feed.Packages.Keys);
        foreach (var package in feed.Packages.Keys)
        {
            var nupkg = feed.PathOf(package);
            Assert.True(File.Exists(nupkg), $"missing {nupkg} (the page's projects name version {feed.Version})");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"missing symbols for {package}");
            using var zip = ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", names);
            if (package == "Netperf.Tool")
            {
                Assert.Contains("tools/net10.0/any/netperf.dll", names);
                Assert.Contains("tools/net10.0/any/DotnetToolSettings.xml", names);
            }
            else
            {
                Assert.Contains($"lib/net10.0/{package}.dll", names);
                Assert.Contains($"lib/net10.0/{package}.xml", names);
            }
        }
    }

    [Fact]
    public async Task PackedPackages_ConsumedFromFeedWithoutSource_RunAPerfTest()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        GettingStartedPage.Write(feed.Page, "PerfTests", feed.Workspace);
        var results = Path.Combine(feed.Workspace, "r.json");

        var (runCode, runOutput) = await feed.RunAsync(
            "dotnet", $"run -c Release --project PerfTests -- Checksum --duration 1 --warmup 0 --size 256 --results-file \"{results}\"", Patience);

        Assert.True(runCode == 0, $"the consumer project failed (exit {runCode}):\n{runOutput}");
        using var json = JsonDocument.Parse(File.ReadAllText(results));
        Assert.Equal("ChecksumTest", json.RootElement.GetProperty("test").GetString());
        Assert.True(json.RootElement.GetProperty("opsPerSecond").GetDouble() > 0, runOutput);
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(feed.Workspace, "PerfTests", "obj", "project.assets.json")));
        var libraries = assets.RootElement.GetProperty("libraries").EnumerateObject().Select(l => l.Name.Split('/')[0]).ToList();
        Assert.Contains("Netperf.Perf", libraries);
        Assert.DoesNotContain("Netperf.Core", libraries);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task GettingStartedPairs_FromTheFeed_ProvesALocalPairReadyAndLeavesNothing()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        GettingStartedPage.Write(feed.Page, "Pairs", feed.Workspace);

        var (code, output) = await feed.RunAsync("dotnet", "run -c Release --project Pairs", Patience);

        Assert.True(code == 0, $"the Pairs project failed (exit {code}):\n{output}");
        Assert.Contains("is ready over ssh", output, StringComparison.Ordinal);
        Assert.Contains("hello from netperf-peer", output, StringComparison.Ordinal);
        Assert.Contains("info: Netperf.", output, StringComparison.Ordinal); // the console logging provider the page adds
        Assert.Empty(PairsLeft());
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task GettingStartedHarness_FromTheFeed_RunsATcpTestOnALocalPairAndLeavesNothing()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        GettingStartedPage.Write(feed.Page, "Harness", feed.Workspace);

        var (code, output) = await feed.RunAsync("dotnet", "run -c Release --project Harness", Patience);

        Assert.True(code == 0, $"the Harness project failed or its test did not agree with its server (exit {code}):\n{output}");
        var written = Directory.GetFiles(Path.Combine(feed.Workspace, "netperf-results"), "getting-started-*.json");
        using var json = JsonDocument.Parse(File.ReadAllText(Assert.Single(written)));
        Assert.Contains("tcp-up", json.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.Empty(PairsLeft());
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task InstalledTool_FromTheFeed_CreatesListsAndDeletesALocalPair()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        var (install, installOutput) = await feed.RunAsync("dotnet", $"tool install --tool-path tools Netperf.Tool --version {feed.Version}", Patience);
        Assert.True(install == 0, $"dotnet tool install failed (exit {install}):\n{installOutput}");
        var netperf = Path.Combine(feed.Workspace, "tools", "netperf");

        var (create, created) = await feed.RunAsync(netperf, "pairs create --env local --os ubuntu-24.04 --ttl 1h --json", Patience);
        Assert.True(create == 0, $"netperf pairs create failed (exit {create}):\n{created}");
        var id = Regex.Match(created, "\"id\": \"(?<id>np-[0-9a-f]+)\"").Groups["id"].Value;
        Assert.True(id.Length > 0, created);

        var (list, listed) = await feed.RunAsync(netperf, "pairs list --env local", Patience);
        Assert.True(list == 0, listed);
        Assert.Contains(id, listed, StringComparison.Ordinal);

        var (delete, deleted) = await feed.RunAsync(netperf, $"pairs delete {id} --env local", Patience);
        Assert.True(delete == 0, deleted);
        Assert.Empty(PairsLeft());
    }

    [Fact]
    public async Task InstalledTool_FromTheFeed_KeepsResultsInAHistoryStoreAndFindsTheRegression()
    {
        Assert.True(feed.Failure is null, feed.Failure);
        var (install, installOutput) = await feed.RunAsync("dotnet", $"tool install --tool-path results-tools Netperf.Tool --version {feed.Version}", Patience);
        Assert.True(install == 0, $"dotnet tool install failed (exit {install}):\n{installOutput}");
        var netperf = Path.Combine(feed.Workspace, "results-tools", "netperf");
        var store = Path.Combine(feed.Workspace, "results-history.db");
        var history = Path.Combine(feed.Root, "samples", "results", "history.csv");

        var (import, imported) = await feed.RunAsync(netperf, $"results import-csv \"{history}\" --store \"{store}\"", Patience);
        Assert.True(import == 0, $"netperf results import-csv failed (exit {import}):\n{imported}");
        Assert.Contains("60 points added", imported, StringComparison.Ordinal);

        // The sample history holds the drop of 2026-11-23: check confirms it and exits 3.
        var (check, checkedOutput) = await feed.RunAsync(netperf, $"results check --store \"{store}\"", Patience);
        Assert.True(check == 3, $"netperf results check: exit {check}, expected 3:\n{checkedOutput}");
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

        // --profile's EventPipe client and TraceEvent live in their plug-in, not in Netperf.Perf.
        Assert.DoesNotContain(perf.Descendants().Where(e => e.Name.LocalName == "dependency"), e => ((string?)e.Attribute("id"))?.StartsWith("Microsoft.Diagnostics", StringComparison.Ordinal) == true);
        var diagnostics = Nuspec(feed.PathOf("Netperf.Perf.Diagnostics")).Descendants().Where(e => e.Name.LocalName == "dependency").ToList();
        Assert.Contains(diagnostics, e => (string?)e.Attribute("id") == "Microsoft.Diagnostics.NETCore.Client");
        Assert.Contains(diagnostics, e => (string?)e.Attribute("id") == "Microsoft.Diagnostics.Tracing.TraceEvent");
    }

    private static XDocument Nuspec(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var entry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using var stream = entry.Open();
        return XDocument.Load(stream);
    }

    private List<string> PairsLeft()
    {
        var pairs = Path.Combine(feed.StateDirectory, "pairs");
        return Directory.Exists(pairs) ? [.. Directory.EnumerateFileSystemEntries(pairs)] : [];
    }
}
