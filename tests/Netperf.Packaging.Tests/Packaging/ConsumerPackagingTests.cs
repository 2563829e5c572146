using System.IO.Compression;
using System.Text.Json;
using Netperf.Testing;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>
/// Proves a team can use Netperf from packages alone: pack every package into a temporary feed,
/// create a fresh perf-test project from ConsumerTemplate that references Netperf.Perf by version,
/// and run its test for one second.
/// </summary>
public sealed class ConsumerPackagingTests : IDisposable
{
    private static readonly string[] Packages = ["Netperf.Core", "Netperf.Azure", "Netperf.Lab", "Netperf.Perf", "Netperf.Results"];
    private readonly string _work = Path.Combine(Path.GetTempPath(), "netperf-pkgtest-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly string _version = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task PackedPackages_ConsumedFromFeedWithoutSource_RunAPerfTest()
    {
        var root = RepositoryRoot.Find();
        // Packing into a private artifacts folder keeps the solution's own bin/obj untouched while other tests run.
        var feed = Directory.CreateDirectory(Path.Combine(_work, "feed")).FullName;
        foreach (var package in Packages)
        {
            var (code, output) = await ProcessRunner.RunAsync(
                "dotnet",
                $"pack src/{package}/{package}.csproj -c Release -o \"{feed}\" -p:Version={_version} -p:UseArtifactsOutput=true -p:ArtifactsPath=\"{Path.Combine(_work, "artifacts")}\" -nologo",
                root,
                TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"dotnet pack {package} failed:\n{output}");
        }

        foreach (var package in Packages)
        {
            var nupkg = Path.Combine(feed, $"{package}.{_version}.nupkg");
            Assert.True(File.Exists(nupkg), $"missing {nupkg}");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), $"missing symbols for {package}");
            using var zip = ZipFile.OpenRead(nupkg);
            var names = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains($"lib/net10.0/{package}.dll", names);
            Assert.Contains($"lib/net10.0/{package}.xml", names);
            Assert.Contains("README.md", names);
        }

        var consumer = Directory.CreateDirectory(Path.Combine(_work, "consumer")).FullName;
        var template = Path.Combine(AppContext.BaseDirectory, "ConsumerTemplate");
        File.WriteAllText(
            Path.Combine(consumer, "Consumer.csproj"),
            File.ReadAllText(Path.Combine(template, "Consumer.csproj.template")).Replace("@NETPERF_VERSION@", _version, StringComparison.Ordinal));
        File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(consumer, "Program.cs"));
        File.Copy(Path.Combine(template, "ChecksumTest.cs"), Path.Combine(consumer, "ChecksumTest.cs"));
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
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

    public void Dispose()
    {
        if (Directory.Exists(_work))
        {
            Directory.Delete(_work, recursive: true);
        }

        // The test's unique version must not accumulate in the NuGet cache.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packages)
        {
            var folder = Path.Combine(cache, package.ToLowerInvariant(), _version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
