using System.Text.Json;
using Microsoft.Extensions.Options;
using Netperf.Core.Runs;

namespace Netperf.Tool.Tests.Pairs;

/// <summary>
/// <c>netperf janitor</c> through the real process on run plans: the plan of an expired run whose pairs are gone is
/// removed (listed only on a dry run), a plan that has not expired stays, and both outputs (text and <c>--json</c>)
/// name what went.
/// </summary>
public sealed class JanitorPlansCliTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Janitor_ExpiredPlanWithoutPairs_RemovesItKeepsALivePlanAndListsItInTheJson(bool dryRun)
    {
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        cli.With("Netperf__Runs__Directory", plans);
        var store = new RunPlanStore(Options.Create(new RunPlanOptions { Directory = plans }));
        await store.CreateAsync(Plan("gone-1", DateTimeOffset.UtcNow.AddHours(-1)));
        await store.CreateAsync(Plan("live-1", DateTimeOffset.UtcNow.AddHours(1)));
        string[] args = dryRun ? ["janitor", "--json", "--dry-run"] : ["janitor", "--json"];

        var (exit, stdout, stderr) = await cli.RunAsync(args);

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["gone-1"], json.RootElement.GetProperty("plans").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(dryRun, File.Exists(store.PathOf("gone-1")));
        Assert.True(File.Exists(store.PathOf("live-1")));
    }

    [Fact]
    public async Task Janitor_ExpiredPlanWithoutPairs_TextNamesTheRemovedPlan()
    {
        await using var cli = new PairsCli();
        var plans = Path.Combine(cli.Root, "plans");
        cli.With("Netperf__Runs__Directory", plans);
        var store = new RunPlanStore(Options.Create(new RunPlanOptions { Directory = plans }));
        await store.CreateAsync(Plan("gone-2", DateTimeOffset.UtcNow.AddHours(-1)));

        var (exit, stdout, stderr) = await cli.RunAsync("janitor");

        Assert.True(exit == 0, $"exit {exit}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        Assert.Contains("removed the plan of run gone-2 (expired, no pair left)", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(store.PathOf("gone-2")));
    }

    private static RunPlan Plan(string runId, DateTimeOffset expiresAt) => new()
    {
        RunId = runId,
        Owner = "someone",
        CreatedAt = expiresAt.AddHours(-2),
        ExpiresAt = expiresAt,
        Environments = ["local"],
    };
}
