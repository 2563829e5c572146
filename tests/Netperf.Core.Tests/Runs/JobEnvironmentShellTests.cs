using Netperf.Core.Remoting;
using Netperf.Core.Runs.Internal;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Runs;

/// <summary>
/// The job environment and runner-folder scripts run by the real <c>/bin/sh</c>: a runner's <c>.netperf-peer</c> copy of
/// the pair's files, its <c>.env</c>, the exports of a job's command, and the removal of a run's runner folders.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class JobEnvironmentShellTests : IDisposable
{
    private readonly string _folder = PrivateTestFolder.Create("npr-jobenv-");

    private string State => Path.Combine(_folder, "state");

    private string Client => Path.Combine(State, "pairs", "p1", "client");

    [IntegrationFact(Prerequisite.Root)]
    public async Task PrepareRunnerFolder_AsRoot_CopiesThePairsFilesWithTheirPathsRewrittenAndWritesTheEnv()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        WriteClientFolder();
        var runner = Path.Combine(_folder, "runners", "np-p1-j1");

        await RunAsync("umask 077\n" + JobEnvironment.PrepareRunnerFolder("p1", "j1", "run-1", runner));

        var peer = Path.Combine(runner, ".netperf-peer");
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(Path.Combine(_folder, "runners")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(runner));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(peer));
        Assert.Equal("PRIVATE\n", File.ReadAllText(Path.Combine(peer, "id_ed25519")));
        Assert.Equal("[10.0.0.5]:2222 ssh-ed25519 AAAA\n", File.ReadAllText(Path.Combine(peer, "known_hosts")));
        Assert.Equal(Config(peer), File.ReadAllText(Path.Combine(peer, "ssh_config")));
        Assert.Equal(
            $"NETPERF_PEER_SSH_CONFIG={peer}/ssh_config\nNETPERF_PEER_HOST=10.0.0.5\nNETPERF_PAIR_ID=p1\nNETPERF_JOB_ID=j1\nNETPERF_RUN_ID=run-1\n",
            File.ReadAllText(Path.Combine(runner, ".env")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(runner, ".env")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(peer, "id_ed25519")));
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Exports_PairWithAConfig_ExportsItsHostNameAndIds()
    {
        Prerequisites.Ensure(Prerequisite.Linux);
        WriteClientFolder();

        var result = await RunAsync(JobEnvironment.Exports("p1", "j1", "run-1")
            + "printf '%s|%s|%s|%s|%s|%s\\n' \"$NETPERF_PEER_SSH_CONFIG\" \"$NETPERF_PEER_HOST\" \"$NETPERF_PAIR_ID\" \"$NETPERF_JOB_ID\" \"$NETPERF_RUN_ID\" \"${d-unset}\"\n");

        Assert.Equal($"{Client}/ssh_config|10.0.0.5|p1|j1|run-1|unset\n", result.StandardOutput);
    }

    [IntegrationFact(Prerequisite.Linux)]
    public async Task Exports_PairWithoutAConfig_ExportsAnEmptyHostAndGoesOn()
    {
        Prerequisites.Ensure(Prerequisite.Linux);

        var result = await RunAsync("set -e\n" + JobEnvironment.Exports("p1", "j1", "run-1") + "printf 'host=[%s]\\n' \"$NETPERF_PEER_HOST\"\n");

        Assert.Equal("host=[]\n", result.StandardOutput);
        Assert.Equal(string.Empty, result.StandardError);
    }

    [IntegrationFact(Prerequisite.Root)]
    public async Task Remove_EnvNamingTheRunAndPair_RemovesOnlyThatFolder()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var ours = RunnerFolder("ours", "NETPERF_PEER_HOST=10.0.0.5\nNETPERF_RUN_ID=run-1\nNETPERF_PAIR_ID=p1");
        var otherRun = RunnerFolder("other-run", "NETPERF_RUN_ID=run-2\nNETPERF_PAIR_ID=p1\n");
        var otherPair = RunnerFolder("other-pair", "NETPERF_RUN_ID=run-1\nNETPERF_PAIR_ID=p10\n");
        var noEnv = Directory.CreateDirectory(Path.Combine(_folder, "runners", "no-env")).FullName;

        var result = await RunAsync(RunnerFolders.Remove([(ours, "run-1", "p1"), (otherRun, "run-1", "p1"), (otherPair, "run-1", "p1"), (noEnv, "run-1", "p1")]));

        Assert.Equal($"kept={otherRun}\nkept={otherPair}\nkept={noEnv}\nremoved={ours}\n", result.StandardOutput);
        Assert.False(Directory.Exists(ours));
        Assert.True(Directory.Exists(otherRun) && Directory.Exists(otherPair) && Directory.Exists(noEnv));
    }

    [IntegrationFact(Prerequisite.Root)]
    public async Task Remove_ProcessesWorkingInTheFolder_KillsThemAndLeavesOthersAlone()
    {
        Prerequisites.Ensure(Prerequisite.Root);
        var ours = RunnerFolder("ours", "NETPERF_RUN_ID=run-1\nNETPERF_PAIR_ID=p1\n");
        var work = Directory.CreateDirectory(Path.Combine(ours, "_work")).FullName;
        var kept = RunnerFolder("ours-not", "NETPERF_RUN_ID=run-2\nNETPERF_PAIR_ID=p1\n");
        using var inFolder = StartWaiting(ours);
        using var inSubfolder = StartWaiting(work);
        using var inOther = StartWaiting(kept);

        try
        {
            var result = await RunAsync(RunnerFolders.Remove([(ours, "run-1", "p1"), (kept, "run-1", "p1")]));

            Assert.Equal($"kept={kept}\nremoved={ours}\n", result.StandardOutput);
            await inFolder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await inSubfolder.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.False(inOther.HasExited);
        }
        finally
        {
            foreach (var process in new[] { inFolder, inSubfolder, inOther }.Where(p => !p.HasExited))
            {
                process.Kill();
            }
        }
    }

    public void Dispose() => PrivateTestFolder.Delete(_folder);

    /// <summary>A process that works in <paramref name="folder"/> and waits on its standard input until killed.</summary>
    private static System.Diagnostics.Process StartWaiting(string folder) =>
        System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("sh", ["-c", "read -r _"]) { WorkingDirectory = folder, RedirectStandardInput = true })!;

    private string Config(string folder) =>
        $"Host netperf-peer\n  HostName 10.0.0.5\n  Port 2222\n  User runner\n  IdentityFile {folder}/id_ed25519\n  IdentitiesOnly yes\n"
        + $"  UserKnownHostsFile {folder}/known_hosts\n  GlobalKnownHostsFile none\n  StrictHostKeyChecking yes\n  LogLevel ERROR\n";

    private void WriteClientFolder()
    {
        Directory.CreateDirectory(Client);
        File.WriteAllText(Path.Combine(Client, "id_ed25519"), "PRIVATE\n");
        File.SetUnixFileMode(Path.Combine(Client, "id_ed25519"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.WriteAllText(Path.Combine(Client, "known_hosts"), "[10.0.0.5]:2222 ssh-ed25519 AAAA\n");
        File.WriteAllText(Path.Combine(Client, "ssh_config"), Config(Client));
    }

    private string RunnerFolder(string name, string env)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "runners", name)).FullName;
        File.WriteAllText(Path.Combine(folder, ".env"), env);
        return folder;
    }

    private async Task<RemoteCommandResult> RunAsync(string script)
    {
        await using var shell = new LocalProcessShell(environment: new Dictionary<string, string> { ["NETPERF_STATE_DIR"] = State });
        var result = await shell.RunAsync(new RemoteCommand { Text = script, Timeout = TimeSpan.FromSeconds(30) });
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StandardError}");
        return result;
    }
}
