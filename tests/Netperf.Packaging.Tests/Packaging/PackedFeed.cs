using Netperf.Testing;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>
/// Every package packed once, with a unique version, into a temporary folder feed that the packaging tests share;
/// removed afterwards, with the version's folders in the NuGet cache.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public static readonly string[] Packages = ["Netperf.Core", "Netperf.Azure", "Netperf.Lab", "Netperf.Perf", "Netperf.Perf.BenchmarkDotNet", "Netperf.Harness", "Netperf.Results"];

    public string Work { get; } = Path.Combine(Path.GetTempPath(), "netperf-pkgtest-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-pkgtest." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public string Folder => Path.Combine(Work, "feed");

    /// <summary>Why packing failed, reported by each test that needs the feed (a fixture's exception would hide the output).</summary>
    public string? Failure { get; private set; }

    public string PathOf(string package) => Path.Combine(Folder, $"{package}.{Version}.nupkg");

    public async Task InitializeAsync()
    {
        var root = RepositoryRoot.Find();
        Directory.CreateDirectory(Folder);
        foreach (var package in Packages)
        {
            // Packing into a private artifacts folder keeps the solution's own bin/obj untouched while other tests run.
            var (code, output) = await ProcessRunner.RunAsync(
                "dotnet",
                $"pack src/{package}/{package}.csproj -c Release -o \"{Folder}\" -p:Version={Version} -p:UseArtifactsOutput=true -p:ArtifactsPath=\"{Path.Combine(Work, "artifacts")}\" -nologo",
                root,
                TimeSpan.FromMinutes(5));
            if (code != 0)
            {
                Failure = $"dotnet pack {package} failed:\n{output}";
                return;
            }
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Work))
        {
            Directory.Delete(Work, recursive: true);
        }

        // The test's unique version must not accumulate in the NuGet cache.
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packages)
        {
            var folder = Path.Combine(cache, package.ToLowerInvariant(), Version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        return Task.CompletedTask;
    }
}
