using System.Diagnostics;
using System.Xml.Linq;
using Netperf.Testing;
using Netperf.Testing.Integration;
using Netperf.Testing.Processes;

namespace Netperf.Packaging.Tests.Packaging;

/// <summary>
/// A reader's workspace as docs/getting-started.md lays it out: every src/ package and the tool packed into
/// <c>feed/</c> (their own version, as <c>dotnet pack</c> gives it), the page's <c>nuget.config</c> beside it, and a NuGet
/// package folder of its own, so what the consumer restores can only come from this feed (never from a cache of an
/// earlier pack). Disposing removes the workspace and the local pairs' state folder.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);

    public PackedFeed()
    {
        Root = RepositoryRoot.Find();
        Workspace = Directory.CreateTempSubdirectory("netperf-pkgtest-").FullName;
        Feed = Path.Combine(Workspace, "feed");
        Page = GettingStartedPage.Files(File.ReadAllText(Path.Combine(Root, GettingStartedPage.RelativePath)));
        Version = XDocument.Load(Path.Combine(Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;
    }

    public string Root { get; }

    /// <summary>The reader's folder: <c>feed/</c>, <c>nuget.config</c> and the page's projects.</summary>
    public string Workspace { get; }

    public string Feed { get; }

    /// <summary>The packages' version (Directory.Build.props), which the page's project files name.</summary>
    public string Version { get; }

    /// <summary>The page's files by workspace-relative path.</summary>
    public IReadOnlyDictionary<string, string> Page { get; }

    /// <summary>The packed projects: every src/*/*.csproj, by package id.</summary>
    public IReadOnlyDictionary<string, string> Packages { get; private set; } = new Dictionary<string, string>();

    /// <summary>Why packing failed, reported by each test that needs the feed (a fixture's exception would hide the output).</summary>
    public string? Failure { get; private set; }

    /// <summary>The package file of <paramref name="package"/> in the feed.</summary>
    public string PathOf(string package) => Path.Combine(Feed, $"{package}.{Version}.nupkg");

    /// <summary>The local pairs' state (private, not under /tmp: sshd's StrictModes).</summary>
    public string StateDirectory { get; } = PrivateTestFolder.Create("npk-");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var packages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var csproj in Directory.EnumerateFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // A private artifacts folder keeps the solution's own bin/obj untouched while other tests run.
            var (code, output) = await TestProcess.RunAsync(
                new ProcessStartInfo("dotnet", $"pack \"{csproj}\" -c Release -o \"{Feed}\" -p:UseArtifactsOutput=true -p:ArtifactsPath=\"{Path.Combine(Workspace, "artifacts")}\" -nologo")
                {
                    WorkingDirectory = Root,
                },
                PackTimeout);
            if (code != 0)
            {
                Failure = $"dotnet pack {csproj} failed:\n{output}";
                return;
            }

            var id = XDocument.Load(csproj).Descendants("PackageId").FirstOrDefault()?.Value ?? Path.GetFileNameWithoutExtension(csproj);
            packages[id] = csproj;
        }

        Packages = packages;
        GettingStartedPage.Write(Page, "nuget.config", Workspace);
    }

    /// <summary>Runs a command in the workspace with its own NuGet package folder and the pairs' state folder.</summary>
    public Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(fileName, arguments) { WorkingDirectory = Workspace };
        info.Environment["NUGET_PACKAGES"] = Path.Combine(Workspace, "packages");
        info.Environment["NETPERF_STATE_DIR"] = StateDirectory;

        // The tool's launcher finds the runtime this test runs on.
        info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/share/dotnet/dotnet")!;
        return TestProcess.RunAsync(info, timeout);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Workspace, recursive: true);
        PrivateTestFolder.Delete(StateDirectory);
        return Task.CompletedTask;
    }
}
