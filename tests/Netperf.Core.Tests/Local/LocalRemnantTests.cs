using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting.Internal;
using Netperf.Core.Tests.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Local;

/// <summary>
/// Issue 16 item 3: whatever a kill -9 leaves of a local pair is found and removed by one janitor pass, and nothing of a
/// live process is touched.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalRemnantTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task JanitorSweep_SshdLaunchedButItsPidNeverSaved_IsFoundByItsCommandLineAndStopped()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request("npr-unsaved") with { TimeToLive = TimeSpan.FromMilliseconds(1) });
        var config = kit.State(pair.Id).GetProperty("SshdConfig").GetString()!;
        await kit.Provider.DisposeAsync();

        // As if the create were killed between the launch and the save of the pid: the record names no process.
        var file = Path.Combine(kit.StateDirectory, "pairs", pair.Id + ".json");
        var record = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        record["SshdPid"] = 0;
        record["SshdStartTicks"] = 0;
        await File.WriteAllTextAsync(file, record.ToJsonString());

        var report = await Janitor(kit).SweepAsync();

        Assert.True(report.Succeeded, string.Join("; ", report.Failed.Values));
        Assert.Equal(["local/npr-unsaved"], report.Deleted);
        Assert.True(await ProcessProbe.IsGoneWithinAsync(config, TimeSpan.FromSeconds(10)), "the unrecorded sshd still runs");
        Assert.Empty(kit.Leftovers());
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task JanitorSweep_PairFolderWithoutItsStateFile_IsRemovedAsARemnant()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var kit = new LocalPairTestKit();
        var pairs = PrivateDirectory(kit.StateDirectory, "pairs");
        PrivateDirectory(pairs, "local-0badc0de", "client");
        await File.WriteAllTextAsync(Path.Combine(pairs, "local-0badc0de", "client", "id_ed25519"), "key");

        var plan = await Janitor(kit).PlanAsync();
        var report = await Janitor(kit).SweepAsync();

        var decision = Assert.Single(plan.Decisions);
        Assert.Equal(JanitorReason.Remnant, decision.Reason);
        Assert.True(decision.Record.IsRemnant);
        Assert.Equal(["local/local-0badc0de"], report.Deleted);
        Assert.Empty(kit.Leftovers());
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task JanitorSweep_TemporaryStateFileOfADeadWriter_IsRemovedAndOneOfALiveWriterKept()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var kit = new LocalPairTestKit();
        var pairs = PrivateDirectory(kit.StateDirectory, "pairs");
        var dead = Path.Combine(pairs, "local-dead.json.tmp-" + DeadOwnerToken());
        var live = Path.Combine(pairs, "local-live.json.tmp-" + OwnerToken.New());
        await File.WriteAllTextAsync(dead, "{");
        await File.WriteAllTextAsync(live, "{");

        var report = await Janitor(kit).SweepAsync();

        Assert.Equal(["local/local-dead"], report.Deleted);
        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task JanitorSweep_SessionFolders_RemovesTheOrphansOnlyAndTheirControlMaster()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var kit = new LocalPairTestKit();
        var sessions = PrivateDirectory(kit.StateDirectory, "ssh");
        var orphan = PrivateDirectory(sessions, DeadOwnerToken());
        var live = PrivateDirectory(sessions, OwnerToken.New());

        // A stand-in for the orphan's lingering control master, titled as ssh titles one: "ssh: <socket> [mux]".
        using var master = StandIn($"ssh: {orphan}/cm-mux [mux]");
        using var bystander = StandIn($"ssh: {live}/cm-mux [mux]");
        try
        {
            await WaitForTitleAsync(master.Id, "[mux]");
            await WaitForTitleAsync(bystander.Id, "[mux]");

            var report = await Janitor(kit).SweepAsync();

            Assert.Equal(["local/ssh/" + Path.GetFileName(orphan)], report.Deleted);
            Assert.False(Directory.Exists(orphan));
            Assert.True(Directory.Exists(live));
            Assert.True(master.WaitForExit(TimeSpan.FromSeconds(10)), "the orphan's control master still runs");
            Assert.False(bystander.HasExited, "a live session's control master was killed");
        }
        finally
        {
            foreach (var process in new[] { master, bystander }.Where(p => !p.HasExited))
            {
                process.Kill();
            }
        }
    }

    /// <summary>A janitor as another process runs it: its own provider instance, which made none of the pairs.</summary>
    private static PairJanitor Janitor(LocalPairTestKit kit) =>
        new(new VmPairProviderCatalog([kit.SecondProvider()]), [], Options.Create(new JanitorOptions()));

    /// <summary>A process whose whole command line is <paramref name="title"/> (cat, waiting on its open stdin).</summary>
    private static Process StandIn(string title) =>
        Process.Start(new ProcessStartInfo("bash", ["-c", $"exec -a '{title}' cat"]) { RedirectStandardInput = true })!;

    private static string PrivateDirectory(string parent, params string[] names)
    {
        var path = parent;
        foreach (var name in names)
        {
            path = Path.Combine(path, name);
            Directory.CreateDirectory(path, Private);
        }

        File.SetUnixFileMode(parent, Private);
        return path;
    }

    /// <summary>An owner token of this process's pid with a start time it never had: its owner is provably gone.</summary>
    private static string DeadOwnerToken() =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-1-beef");

    private static async Task WaitForTitleAsync(int pid, string text)
    {
        var watch = Stopwatch.StartNew();
        while (!(File.Exists($"/proc/{pid}/cmdline") && (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"process {pid} never showed '{text}'");
            await Task.Yield();
        }
    }
}
