using System.Text.Json;
using System.Text.RegularExpressions;
using Netperf.Testing.Integration;

namespace Netperf.Tool.Tests.Pairs;

/// <summary><c>netperf pairs create --count N</c> keeps every pair or none, as a child process on local pairs.</summary>
public sealed partial class PairsCreateAllOrNothingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task Create_OnePairFailsAfterAnotherIsReady_DeletesTheReadyOneSaysSoAndExits1()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        await using var cli = new PairsCli().HoldSshdAfterFirst();
        await using var create = cli.Start("pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--count", "3", "--attempts", "1", "--json");
        var first = ReadyId(await create.WaitForLineAsync(l => l.StartsWith("ready np-", StringComparison.Ordinal), Patience));

        // The other two pairs' sshd now fails to start: the batch cannot be whole.
        cli.FailHeld();
        var exit = await create.WaitForExitAsync(Patience);

        var stderr = create.StandardError.ReplaceLineEndings("\n");
        Assert.True(exit == 1, $"exit {exit}:\n{create.Output}");
        Assert.Equal("[]", create.StandardOutput.Trim());
        Assert.Contains("could not be made ready; deleting", stderr, StringComparison.Ordinal);
        Assert.Matches(@"error: .*np-[0-9a-f]{10}.*sshd", stderr);
        Assert.Contains($"deleted {first}\n", stderr, StringComparison.Ordinal);
        Assert.Empty(cli.PairEntries());
        Assert.Empty(cli.ProcessesNamingFolder());
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.OpenSsh)]
    public async Task Create_KeptPairs_ClosesTheirSessionsAtOnceNotOneAfterAnother()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.OpenSsh);
        await using var cli = new PairsCli().HoldSessionClose();
        await using var create = cli.Start("pairs", "create", "--env", "local", "--os", "ubuntu-24.04", "--count", "3", "--json");

        // Each kept pair's session close waits at the gate: closed one after another only one would ever wait
        // (each close ends its wait after 10 s), and an 8-pair create spent most of its time there.
        await cli.WaitForHeldSessionClosesAsync(3, Patience);
        cli.OpenGates();
        var exit = await create.WaitForExitAsync(Patience);

        Assert.True(exit == 0, $"exit {exit}:\n{create.Output}");
        using var json = JsonDocument.Parse(create.StandardOutput);
        var ids = json.RootElement.EnumerateArray().Select(p => p.GetProperty("id").GetString()!).ToList();
        Assert.Equal(3, ids.Count);
        foreach (var id in ids)
        {
            var (deleteExit, _, deleteError) = await cli.RunAsync("pairs", "delete", id, "--env", "local");
            Assert.True(deleteExit == 0, $"pairs delete {id}: exit {deleteExit}: {deleteError}");
        }

        Assert.Empty(cli.PairEntries());
    }

    private static string ReadyId(string line) => ReadyLine().Match(line) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException($"not a ready line: {line}");

    [GeneratedRegex(@"^ready (np-[0-9a-f]{10}) ")]
    private static partial Regex ReadyLine();
}
