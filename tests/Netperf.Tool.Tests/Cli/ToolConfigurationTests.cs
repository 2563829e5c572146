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
