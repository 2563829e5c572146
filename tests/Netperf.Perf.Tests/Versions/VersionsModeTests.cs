using Netperf.Perf.Tests.Processes;
using Netperf.Testing.Integration;
using Netperf.Testing.Secrets;

namespace Netperf.Perf.Tests.Versions;

/// <summary><c>versions</c> through the real sample program: it builds a perf-test project twice and runs both builds.</summary>
public sealed class VersionsModeTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("npps-versions-");

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Versions_SecretOption_OnNoChildCommandLineNorOutputAndBothBuildsGetIt(bool inResponseFile)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var secret = new PlantedSecret();
        var project = WriteSigningProject();
        var output = Path.Combine(_folder.FullName, "out");

        // The key on the versions program's own command line (left out of the watch: the test's doing), or in a
        // response file named relative to the folder versions starts in, which is not the folder its runs start in
        // (the project's). HmacSign requires the secret --key: a build's run without it exits 2, and versions with it.
        File.WriteAllText(Path.Combine(_folder.FullName, "key.rsp"), $"--key {secret.Value}\n");
        string[] key = inResponseFile ? ["@key.rsp"] : ["--key", secret.Value];
        var (code, log) = await WatchedSampleRun.RunInFolderAsync(
            _folder.FullName,
            secret,
            $"{Path.Combine(output, "build-1", "SigningProbe.dll")} --netperf-run HmacSign",
            TimeSpan.FromMinutes(6),
            ["versions", "--project", project, "--property", "SigningProbeVersion", "--base", "1", "--head", "2", "--rounds", "1", "--output", output,
            "--", "HmacSign", .. key, "--duration", "1", "--warmup", "0", "--processes", "1"]);

        Assert.True(code == 0, $"exit {code}\n{log}");
        foreach (var file in new[] { "1-round1.json", "2-round1.json" })
        {
            var path = Path.Combine(output, file);
            secret.AssertNotInFile(path);
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            Assert.Equal("***", document.RootElement.GetProperty("options").GetProperty("key").GetString());
        }
    }

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>
    /// A perf-test project of its own whose tests are the sample's (HmacSign among them), referencing the built
    /// assemblies next to this test: it builds without a package feed, in seconds.
    /// </summary>
    private string WriteSigningProject()
    {
        var bin = AppContext.BaseDirectory;
        var tfm = new DirectoryInfo(bin.TrimEnd('/')).Name;
        var folder = Directory.CreateDirectory(Path.Combine(_folder.FullName, "SigningProbe")).FullName;
        var project = Path.Combine(folder, "SigningProbe.csproj");
        File.WriteAllText(project, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>{tfm}</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Reference Include="{Path.Combine(bin, "Netperf.Perf.dll")}" />
                <Reference Include="{Path.Combine(bin, "Netperf.Samples.PerfTests.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "Program.cs"),
            "return await Netperf.Perf.PerfProgram.RunAsync(args, typeof(Netperf.Samples.PerfTests.Signing.HmacSignTest).Assembly);\n");
        return project;
    }
}
