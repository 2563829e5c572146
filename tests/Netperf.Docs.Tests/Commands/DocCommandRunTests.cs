using System.Text.Json;
using Netperf.Testing;
using Netperf.Testing.Integration;

namespace Netperf.Docs.Tests.Commands;

/// <summary>
/// Follows the docs: runs each command that doc-commands.json marks <c>run</c>, exactly as the page shows it,
/// and checks its exit code, its output and the files it writes.
/// </summary>
public sealed class DocCommandRunTests
{
    private static readonly Prerequisite[] OpenSshCommands = [Prerequisite.Linux, Prerequisite.OpenSsh];

    /// <summary>The prerequisite sets a test of this class runs commands for.</summary>
    public static IReadOnlyList<HashSet<Prerequisite>> HandledPrerequisites { get; } = [[.. OpenSshCommands]];

    /// <summary>The commands that need nothing from the machine.</summary>
    public static TheoryData<string> PlainCommands()
    {
        var data = new TheoryData<string>();
        foreach (var entry in DocCommandRegistry.Load(RepositoryRoot.Find()).Entries.Where(e => e.Run is { Needs.Count: 0 }))
        {
            data.Add(entry.Command);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PlainCommands))]
    public async Task DocumentedCommand_Run_ExitsAndPrintsAsDocumented(string command)
    {
        var root = RepositoryRoot.Find();
        var entry = DocCommandRegistry.Load(root).Entries.Single(e => e.Command == command);
        using var runner = new DocCommandRunner(root);

        await RunAndCheckAsync(runner, entry);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task DocumentedCommands_NeedingOpenSsh_RunInOrderAndLeaveNoPair()
    {
        Prerequisites.Ensure(OpenSshCommands);
        var root = RepositoryRoot.Find();
        var entries = DocCommandRegistry.Load(root).Entries
            .Where(e => e.Run is { } run && DocCommandCoverageTests.ParseNeeds(run.Needs).SetEquals(OpenSshCommands))
            .ToList();
        Assert.NotEmpty(entries);
        using var runner = new DocCommandRunner(root);
        try
        {
            foreach (var entry in entries)
            {
                await RunAndCheckAsync(runner, entry);
            }
        }
        finally
        {
            // The pages show the pair CLI's create and list; the pairs they made are deleted here.
            await DeleteLocalPairsAsync(runner);
        }

        var (_, listed) = await runner.RunAsync("netperf pairs list --env local --json", TimeSpan.FromMinutes(1));
        Assert.Equal("[]", listed.Trim());
    }

    private static async Task RunAndCheckAsync(DocCommandRunner runner, DocCommandEntry entry)
    {
        var run = entry.Run!;
        var (exitCode, output) = await runner.RunAsync(entry.Command, TimeSpan.FromSeconds(run.TimeoutSeconds));

        var where = $"{entry} in {runner.WorkingDirectory}";
        Assert.True(exitCode == run.ExitCode, $"{where}: exit code {exitCode}, expected {run.ExitCode}:\n{output}");
        foreach (var expected in run.Expect)
        {
            Assert.True(output.Contains(expected, StringComparison.Ordinal), $"{where}: the output lacks '{expected}':\n{output}");
        }

        foreach (var file in run.Writes)
        {
            Assert.True(File.Exists(Path.Combine(runner.WorkingDirectory, file)), $"{where}: it did not write {file}:\n{output}");
        }
    }

    private static async Task DeleteLocalPairsAsync(DocCommandRunner runner)
    {
        var (code, listed) = await runner.RunAsync("netperf pairs list --env local --json", TimeSpan.FromMinutes(1));
        if (code != 0)
        {
            return;
        }

        using var json = JsonDocument.Parse(listed);
        foreach (var pair in json.RootElement.EnumerateArray())
        {
            var id = pair.GetProperty("id").GetString();
            await runner.RunAsync($"netperf pairs delete {id} --env local", TimeSpan.FromMinutes(1));
        }
    }
}
