using Netperf.Testing.Integration;
using Netperf.Tool.Tests.Pairs;

namespace Netperf.Tool.Tests.Cli;

/// <summary>The tool's configuration through the real process: appsettings.json in the working folder, read once.</summary>
public sealed class ToolConfigurationTests
{
    [Fact]
    public async Task Tool_AppSettingsInTheWorkingFolder_AreReadAndValidatedAtStartUp()
    {
        await using var cli = new PairsCli();
        await File.WriteAllTextAsync(Path.Combine(cli.Root, "appsettings.json"), """{ "Netperf": { "Pool": { "MaxPairs": 0 } } }""");

        var (exit, _, stderr) = await cli.RunAsync("pairs", "list", "--env", "local");

        Assert.Equal(2, exit);
        Assert.Contains("Netperf:Pool:MaxPairs is 0", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Netperf": { "Pool": """, "Could not parse the JSON file: ")]
    [InlineData("[1, 2]", "Top-level JSON element must be an object. Instead, 'Array' was found.")]
    public async Task Tool_MalformedAppSettings_Exits2WithOneLineSayingWhatIsWrongInTheFile(string text, string why)
    {
        await using var cli = new PairsCli();
        var file = Path.Combine(cli.Root, "appsettings.json");
        await File.WriteAllTextAsync(file, text);

        var (exit, stdout, stderr) = await cli.RunAsync("pairs", "list", "--env", "local");

        Assert.True(exit == 2, $"exit {exit}\nstderr:\n{stderr}");
        Assert.Empty(stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"configuration error: Failed to load configuration from file '{file}': ", line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Tool_WhileRunning_WatchesNoFolderForChangedSettings()
    {
        await using var cli = new PairsCli();
        for (var i = 0; i < 20; i++)
        {
            Directory.CreateDirectory(Path.Combine(cli.Root, "tree", $"d{i}", "sub"));
        }

        // A simulated pair takes 5 s to make: the host has started once the header is out, and the process is still running.
        var process = cli.Start("bench", "pairs", "--env", "simulated", "--delay", "5s", "--counts", "1", "--parallel-only");
        await process.WaitForLineAsync(line => line.StartsWith("warm-up first", StringComparison.Ordinal), TimeSpan.FromMinutes(1));

        var inotify = Directory.EnumerateFileSystemEntries($"/proc/{process.Id}/fd")
            .Where(fd => new FileInfo(fd).LinkTarget == "anon_inode:inotify")
            .Select(fd => File.ReadAllLines($"/proc/{process.Id}/fdinfo/{Path.GetFileName(fd)}").Count(l => l.StartsWith("inotify ", StringComparison.Ordinal)))
            .Sum();
        Assert.Equal(0, inotify);
    }
}
