using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Netperf.Core.Janitor;
using Netperf.Core.Local;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Local;

/// <summary>
/// Issue 16 item 6: another local user must not get in through the local provider's state folder, and the janitor
/// must never kill a process it cannot prove is a pair's sshd.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocalStateSecurityTests
{
    [IntegrationFact(Prerequisite.Root)]
    public async Task CreatePairAsync_StateFolderPreCreatedByAnotherUser_RefusesNamingFolderAndOwner()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var tmp = Directory.CreateTempSubdirectory("npr-attack-").FullName;
        try
        {
            // What the attacker did: made root's state folder and its pairs folder before root's first run.
            var state = Path.Combine(tmp, "netperf-root");
            Directory.CreateDirectory(Path.Combine(state, "pairs"));
            Run("chown", "-R", "nobody", state);
            var provider = Provider(state);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.CreatePairAsync(LocalPairTestKit.Request("npr-attacked")));

            Assert.Contains($"'{state}'", error.Message, StringComparison.Ordinal);
            Assert.Contains("nobody", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(state, "pairs")));
        }
        finally
        {
            Run("chown", "-R", Environment.UserName, tmp);
            Directory.Delete(tmp, recursive: true);
        }
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task CreatePairAsync_SymlinkedStateFolder_RefusesAndWritesNothingThere()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        var tmp = Directory.CreateTempSubdirectory("npr-link-").FullName;
        try
        {
            var elsewhere = Directory.CreateDirectory(Path.Combine(tmp, "elsewhere")).FullName;
            var state = Path.Combine(tmp, "netperf-u");
            Directory.CreateSymbolicLink(state, elsewhere);
            var provider = Provider(state);

            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.CreatePairAsync(LocalPairTestKit.Request()));

            Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task JanitorSweep_PlantedRecordNamingAForeignProcess_LeavesItRunningAndReportsIt(bool withItsRealStartTime)
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        using var kit = new LocalPairTestKit();
        using var foreign = Process.Start(new ProcessStartInfo("sleep", ["600"]))!;
        try
        {
            // An expired, well-tagged record whose "sshd" is the sleep: the old janitor killed whatever such a record named.
            var pairs = Directory.CreateDirectory(Path.Combine(kit.StateDirectory, "pairs")).FullName;
            File.SetUnixFileMode(kit.StateDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(pairs, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var record = new Dictionary<string, object?>
            {
                ["Id"] = "planted",
                ["Tags"] = new Dictionary<string, string>
                {
                    [OwnershipTags.Owner] = "netperf-tests",
                    [OwnershipTags.Run] = "run-1-1",
                    [OwnershipTags.Pair] = "planted",
                    [OwnershipTags.Expires] = OwnershipTags.FormatExpiry(DateTimeOffset.UnixEpoch),
                },
                ["CreatedAt"] = DateTimeOffset.UnixEpoch,
                ["Folder"] = Path.Combine(pairs, "planted"),
                ["SshdPid"] = foreign.Id,
                ["SshdConfig"] = string.Empty,
                ["SshdPath"] = withItsRealStartTime ? "/usr/bin/sleep" : null,
                ["SshdStartTicks"] = withItsRealStartTime ? StartTicks(foreign.Id) : 0,
            };
            await File.WriteAllTextAsync(Path.Combine(pairs, "planted.json"), JsonSerializer.Serialize(record));
            var janitor = new PairJanitor(new VmPairProviderCatalog([kit.Provider]), [], Options.Create(new JanitorOptions()));

            var report = await janitor.SweepAsync();

            Assert.False(foreign.HasExited, "the janitor killed a process it could not prove was a pair's sshd");
            var failure = Assert.Single(report.Failed);
            Assert.Equal("local/planted", failure.Key);
            Assert.Contains(foreign.Id.ToString(CultureInfo.InvariantCulture) + " (sleep)", failure.Value, StringComparison.Ordinal);
            Assert.Contains("left running", failure.Value, StringComparison.Ordinal);
            Assert.False(report.Succeeded);
            Assert.Empty(await kit.Provider.ListPairsAsync());
        }
        finally
        {
            foreign.Kill();
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task CreatePairAsync_PeerSshd_KeepsStrictModesAndAcceptsThePairsKey()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        using var kit = new LocalPairTestKit();
        var pair = await kit.Provider.CreatePairAsync(LocalPairTestKit.Request());
        try
        {
            var config = await File.ReadAllLinesAsync(kit.State(pair.Id).GetProperty("SshdConfig").GetString()!);

            var result = await pair.Peer.Shell.RunAsync(new RemoteCommand { Text = "echo pair=$NETPERF_PAIR", Timeout = TimeSpan.FromSeconds(60) });

            Assert.Contains("StrictModes yes", config);
            Assert.True(result.Succeeded, result.StandardError);
            Assert.Equal($"pair={pair.Id}", result.StandardOutput.Trim());
        }
        finally
        {
            await kit.Provider.DeletePairAsync(pair.Id);
            await kit.Provider.DisposeAsync();
        }
    }

    [IntegrationFact(Prerequisite.OpenSsh)]
    public async Task PrivateSshServerStartAsync_FolderUnderTmp_RefusesBeforeStartingSshd()
    {
        Prerequisites.Ensure(Prerequisite.OpenSsh);
        var tmp = Directory.CreateTempSubdirectory("npr-sshd-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => PrivateSshServer.StartAsync(Path.Combine(tmp, "server")));

            Assert.Contains("'/tmp'", error.Message, StringComparison.Ordinal);
            Assert.Contains("StrictModes", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(tmp, "server", "sshd_config")));
        }
        finally
        {
            Directory.Delete(tmp, recursive: true);
        }
    }

    private static LocalVmPairProvider Provider(string state) =>
        new(Options.Create(new LocalOptions { StateDirectory = state, StartTimeout = TimeSpan.FromSeconds(30) }));

    private static long StartTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }
}
