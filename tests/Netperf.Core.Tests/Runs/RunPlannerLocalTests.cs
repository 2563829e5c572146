using System.Diagnostics;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Runs;
using Netperf.Core.Tests.GitHub;
using Netperf.Core.Tests.Local;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.Runs;

/// <summary>
/// Runs on <c>local</c> pairs with GitHub runners (the fake GitHub, a stand-in runner package that stays alive as a real
/// runner waiting for its job does): the client is this machine, so the runners' folders are here, and deleting the
/// pairs does not remove them; teardown and the janitor's sweep must.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunPlannerLocalTests : IDisposable
{
    private const string Matrix = """{"os":["ubuntu-24.04"],"env":["local"],"io":["epoll"],"tls":["openssl"]}""";

    // Unique per run: a user is machine-wide and other checkouts may run this test.
    private static readonly string User = $"nprl{Guid.NewGuid():N}"[..12];

    private readonly LocalPairTestKit _kit = new();
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"nprl-{Guid.NewGuid():N}");

    public RunPlannerLocalTests()
    {
        // Open to the runner's user, as an install root is.
        Directory.CreateDirectory(_root, (UnixFileMode)0b111_101_101);
    }

    private string InstallRoot => Path.Combine(_root, "runners");

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.OpenSsh)]
    public async Task TeardownAsync_LocalPairWithARunner_RemovesTheRunnersFolderAndStopsItsProcesses()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.OpenSsh);
        await using var github = await StartGitHubAsync();
        var planner = Planner();

        var plan = await planner.ProvisionAsync(Request("local-rf-1"), github.Installer, github.Registry);
        var folder = Assert.Single(plan.Jobs).InstallDirectory!;
        Assert.True(File.Exists(Path.Combine(folder, ".env")), $"no runner folder at {folder}");
        await WaitForProcessInAsync(folder);

        var report = await planner.TeardownAsync("local-rf-1", github.Registry);

        Assert.True(report.Succeeded, string.Join("; ", report.Failures));
        Assert.Equal([folder], report.RunnerFoldersRemoved);
        Assert.False(Directory.Exists(folder), $"teardown left the runner folder {folder}");
        Assert.Empty(ProcessesIn(folder));
        Assert.Empty(github.Server.Runners);
        Assert.Empty(await _kit.Provider.ListPairsAsync());
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.OpenSsh)]
    public async Task SweepRunnerFoldersAsync_PairGoneAfterAKilledRun_RemovesItsFolderAndKeepsALivePairs()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.OpenSsh);
        await using var github = await StartGitHubAsync();
        var planner = Planner();
        var killed = await planner.ProvisionAsync(Request("local-rf-2"), github.Installer, github.Registry);
        var live = await planner.ProvisionAsync(Request("local-rf-3"), github.Installer, github.Registry);
        var orphan = Assert.Single(killed.Jobs).InstallDirectory!;
        var kept = Assert.Single(live.Jobs).InstallDirectory!;

        // What a kill -9 of the orchestrator leaves once the pair janitor deleted the expired pair: the folder, nothing else.
        await _kit.Provider.DeletePairAsync(Assert.Single(killed.Pairs).Id);
        Assert.True(planner.Store.Delete("local-rf-2"));

        var seen = await planner.SweepRunnerFoldersAsync(InstallRoot, dryRun: true);
        Assert.Equal([orphan], seen);
        Assert.True(Directory.Exists(orphan), "the dry run removed a folder");

        var removed = await planner.SweepRunnerFoldersAsync(InstallRoot);

        Assert.Equal([orphan], removed);
        Assert.False(Directory.Exists(orphan));
        Assert.Empty(ProcessesIn(orphan));
        Assert.True(File.Exists(Path.Combine(kept, ".env")), "the sweep removed the folder of a pair that still exists");
        Assert.True((await planner.TeardownAsync("local-rf-3", github.Registry)).Succeeded);
        Assert.False(Directory.Exists(kept));
    }

    public void Dispose()
    {
        // Whatever a failed test left: the user's processes, the user, the folders.
        Run("pkill", "-KILL", "-u", User);
        Run("userdel", "-f", "-r", User);
        Directory.Delete(_root, recursive: true);
        _kit.Dispose();
    }

    private Task<GitHubTestHost> StartGitHubAsync()
    {
        var package = MakePackage();
        return GitHubTestHost.StartAsync(install: o =>
        {
            o.PackageSource = RunnerPackageSource.PreStaged;
            o.PreStagedPackagePath = package;
            o.LinuxInstallRoot = InstallRoot;
            o.LinuxUser = User;
        });
    }

    private RunPlanner Planner()
    {
        var catalog = new VmPairProviderCatalog([_kit.Provider]);
        return new RunPlanner(
            catalog,
            new PairProvisioner(catalog, new PeerBootstrapper()),
            new RunPlanStore(Options.Create(new RunPlanOptions { Directory = Path.Combine(_root, "plans") })),
            Options.Create(new RunPlanOptions()),
            Options.Create(new PairPoolOptions()));
    }

    private static RunRequest Request(string runId) =>
        new() { Matrix = JobMatrix.Expand(JobMatrix.Parse(Matrix)), RunId = runId, Owner = "tests" };

    /// <summary>A stand-in runner: run.sh stays, as a runner waiting for its job does.</summary>
    private string MakePackage()
    {
        var content = Directory.CreateDirectory(Path.Combine(_root, "pkg")).FullName;
        var run = Path.Combine(content, "run.sh");
        File.WriteAllText(run, "#!/bin/sh\nexec sleep 600\n");
        File.SetUnixFileMode(run, (UnixFileMode)0b111_101_101);
        var package = Path.Combine(_root, "actions-runner.tar.gz");
        Assert.Equal(0, Run("tar", "czf", package, "-C", content, "."));
        return package;
    }

    /// <summary>The runner starts in the background after the install step returns; waits until it works in its folder.</summary>
    private static async Task WaitForProcessInAsync(string folder)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (ProcessesIn(folder).Count == 0)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static List<int> ProcessesIn(string folder)
    {
        var pids = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid))
            {
                continue;
            }

            try
            {
                var cwd = new DirectoryInfo(Path.Combine(proc, "cwd")).LinkTarget;
                if (cwd is not null && (cwd == folder || cwd.StartsWith(folder + "/", StringComparison.Ordinal)))
                {
                    pids.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return pids;
    }

    private static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        return process.ExitCode;
    }
}
