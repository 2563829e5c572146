using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Remoting;
using Netperf.Core.Runs;
using Netperf.Core.Tests.GitHub;
using Netperf.Testing.Integration;
using Netperf.Testing.Pairs;
using Netperf.Testing.Time;

namespace Netperf.Core.Tests.Runs;

/// <summary>
/// <see cref="RunPlanner.ProvisionAsync"/> as a pipeline: a job's runner is installed as soon as its pair is leased, while
/// other pairs are still being made; installs on one pair one after another; a failure or a cancellation in the middle
/// leaves nothing. In-memory pairs whose bootstrap waits for what the test says, the fake GitHub, the real installer.
/// </summary>
public sealed class RunPlannerPipelineTests : IDisposable
{
    private const string TwoImages = """{"os":["ubuntu-24.04","ubuntu-22.04"],"env":["memory"],"io":["epoll"],"tls":["openssl"]}""";
    private const string ThreeImages = """{"os":["ubuntu-24.04","ubuntu-22.04","debian-12"],"env":["memory"],"io":["epoll"],"tls":["openssl"]}""";
    private const string OneImageTwoJobs = """{"os":["ubuntu-24.04"],"env":["memory"],"io":["epoll","iouring"],"tls":["openssl"]}""";

    // Bounds a provisioning that, on a barrier, waits forever: the test then fails instead of hanging. Not a speed limit.
    private static readonly TimeSpan Deadlock = TimeSpan.FromSeconds(30);

    private readonly string _folder = PrivateTestFolder.Create("runpipe-");
    private readonly InMemoryVmPairProvider _memory = new("memory");
    private readonly ConcurrentQueue<(string PairId, string Step)> _steps = new();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string InstallRoot => Path.Combine(_folder, "runners");

    [Fact]
    public async Task ProvisionAsync_OnePairReadyWhileAnotherIsNot_InstallsTheReadyPairsRunnerBeforeTheOtherPairIsReady()
    {
        // The 22.04 pair is proven ready only once a runner install has begun: with a barrier before the installs, never.
        var installing = Signal();
        var bootstrapper = new GatedBootstrapper(
            (pair, token) => pair.Spec.Image == "ubuntu-22.04" ? installing.Task.WaitAsync(token) : Task.CompletedTask,
            (pair, command) =>
            {
                if (IsPrepare(command))
                {
                    installing.TrySetResult();
                }

                return null;
            });
        await using var github = await StartGitHubAsync();
        var planner = Planner(bootstrapper);
        using var deadlock = new CancellationTokenSource(Deadlock);

        RunPlan? plan = null;
        var error = await Record.ExceptionAsync(async () => plan = await planner.ProvisionAsync(Request("pipe-1", TwoImages), github.Installer, github.Registry, deadlock.Token));

        Assert.True(error is null, $"no runner install began before the last pair was ready (the installs wait for every pair): {error}");
        Assert.Equal(RunPlanState.Ready, plan!.State);
        var early = Assert.Single(plan.Pairs, p => p.Image == "ubuntu-24.04");
        var late = Assert.Single(plan.Pairs, p => p.Image == "ubuntu-22.04");
        var steps = _steps.ToList();
        var prepared = steps.IndexOf((early.Id, "prepare"));
        var ready = steps.IndexOf((late.Id, "ready"));
        Assert.True(
            prepared >= 0 && prepared < ready,
            $"the 24.04 pair's runner install did not begin before the 22.04 pair was ready: {string.Join(", ", steps)}");
        AssertRunnersAsBefore(plan, github);
    }

    [Fact]
    public async Task ProvisionAsync_TwoJobsShareAPair_InstallsTheirRunnersOneAfterTheOther()
    {
        var (plan, github) = await ProvisionTwoJobsOnOnePairAsync("pipe-2");
        await using (github)
        {
            var pair = Assert.Single(plan.Pairs).Id;
            var installs = _steps.Where(s => s.PairId == pair && s.Step is not "ready").Select(s => s.Step).ToList();

            Assert.Equal(["prepare", "install", "prepare", "install"], installs);
            AssertRunnersAsBefore(plan, github);
            Assert.Equal(["job-1", "job-2"], plan.Jobs.Select(j => j.RunsOn[^1]));
        }
    }

    [Fact]
    public async Task ProvisionAsync_PairMadeForAJobThatTookAnother_IsDeletedWithoutARunner()
    {
        var (plan, github) = await ProvisionTwoJobsOnOnePairAsync("pipe-3");
        await using (github)
        {
            var used = Assert.Single(plan.Pairs).Id;
            var made = _memory.Requests.Select(r => r.PairId!).ToList();
            var unused = Assert.Single(made, id => id != used);

            Assert.Equal([used], _memory.ExistingPairIds);
            Assert.DoesNotContain(_steps, s => s.PairId == unused && s.Step is "prepare" or "install");
            Assert.Equal(2, github.Server.Runners.Count);
            Assert.All(plan.Jobs, j => Assert.Equal(used, j.PairId));
        }
    }

    [Fact]
    public async Task ProvisionAsync_LeaseHeldPastItsTimeToLiveWhileAnotherPairIsMade_KeepsThePair()
    {
        // The 24.04 job's lease is granted, its runner installed; the 22.04 pair takes 7 minutes (of a fake clock; leases
        // last 5 without a heartbeat) before it is ready.
        var clock = new FakeClock();
        var installing = Signal();
        var late = Signal();
        var bootstrapper = new GatedBootstrapper(
            (pair, token) => pair.Spec.Image == "ubuntu-22.04" ? late.Task.WaitAsync(token) : Task.CompletedTask,
            (pair, command) =>
            {
                if (IsPrepare(command))
                {
                    installing.TrySetResult();
                }

                return null;
            });
        await using var github = await StartGitHubAsync();
        var planner = Planner(bootstrapper, clock: clock);
        using var deadlock = new CancellationTokenSource(Deadlock);
        var provisioning = planner.ProvisionAsync(Request("pipe-6", TwoImages), github.Installer, github.Registry, deadlock.Token);
        await installing.Task.WaitAsync(Deadlock);

        for (var minute = 0; minute < 7; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        late.SetResult();
        var plan = await provisioning;

        Assert.Equal(RunPlanState.Ready, plan.State);
        Assert.Equal(plan.Pairs.Select(p => p.Id).Order(StringComparer.Ordinal), _memory.ExistingPairIds);
        Assert.Equal(2, plan.Pairs.Count);
        AssertRunnersAsBefore(plan, github);
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root)]
    public async Task ProvisionAsync_InstallFailsWhileAnotherPairIsBeingMade_RemovesEveryRunnerFolderAndPairAndKeepsTheMessage()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root);

        // 24.04's runner is installed (its folder made here, as a local client's is); then 22.04 is ready and its install
        // fails; debian-12 is still bootstrapping and never gets further.
        var installed = Signal();
        await using var github = await StartGitHubAsync();
        var bootstrapper = new GatedBootstrapper(
            (pair, token) => pair.Spec.Image switch
            {
                "ubuntu-22.04" => installed.Task.WaitAsync(token),
                "debian-12" => Task.Delay(Timeout.Infinite, token),
                _ => Task.CompletedTask,
            },
            (pair, command) =>
            {
                if (IsPrepare(command) && pair.Spec.Image == "ubuntu-22.04")
                {
                    return new RemoteCommandResult { ExitCode = 1, StandardOutput = string.Empty, StandardError = "no space left on device\n", Duration = TimeSpan.Zero };
                }

                MakeRunnerFolder(github, pair, command, "pipe-4");
                if (IsInstall(command))
                {
                    installed.TrySetResult();
                }

                return null;
            });
        var planner = Planner(bootstrapper);
        using var deadlock = new CancellationTokenSource(Deadlock);

        var error = await Assert.ThrowsAsync<RunnerInstallException>(() => planner.ProvisionAsync(Request("pipe-4", ThreeImages), github.Installer, github.Registry, deadlock.Token));

        Assert.Matches(@"^Giving runner \S+-j2 on \S+ the pair's peer failed \(exit 1\): no space left on device$", error.Message);
        Assert.Single(_steps, s => s.Step == "install");
        Assert.Empty(RunnerFolders());
        Assert.Empty(github.Server.Runners);
        Assert.Empty(_memory.ExistingPairIds);
        Assert.Equal(3, _memory.Requests.Count);
        Assert.False(planner.Store.Exists("pipe-4"));
    }

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root)]
    public async Task ProvisionAsync_CancelledDuringAnInstallWhileAnotherPairIsBeingMade_RemovesEverything()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root);
        using var cancel = new CancellationTokenSource(Deadlock);
        await using var github = await StartGitHubAsync();
        var bootstrapper = new GatedBootstrapper(
            (pair, token) => pair.Spec.Image == "ubuntu-22.04" ? Task.Delay(Timeout.Infinite, token) : Task.CompletedTask,
            (pair, command) =>
            {
                MakeRunnerFolder(github, pair, command, "pipe-5");
                if (IsPrepare(command))
                {
                    cancel.Cancel();
                }

                return null;
            });
        var planner = Planner(bootstrapper);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => planner.ProvisionAsync(Request("pipe-5", TwoImages), github.Installer, github.Registry, cancel.Token));

        Assert.Single(_steps, s => s.Step == "prepare");
        Assert.Empty(RunnerFolders());
        Assert.Empty(github.Server.Runners);
        Assert.Empty(_memory.ExistingPairIds);
        Assert.False(planner.Store.Exists("pipe-5"));
    }

    /// <summary>Two jobs of one spec, two jobs a pair: both pairs are made (held until both are), the first ready takes both jobs.</summary>
    private async Task<(RunPlan Plan, GitHubTestHost GitHub)> ProvisionTwoJobsOnOnePairAsync(string runId)
    {
        var github = await StartGitHubAsync();
        var planner = Planner(new GatedBootstrapper((_, _) => Task.CompletedTask, (_, _) => null), jobsPerPair: 2);
        _memory.HoldCreations();
        var provisioning = planner.ProvisionAsync(Request(runId, OneImageTwoJobs), github.Installer, github.Registry);
        await _memory.WhenCreatesHeld(2).WaitAsync(Deadlock);
        _memory.ReleaseCreations();
        return (await provisioning, github);
    }

    /// <summary>Each runner as the planner has always made it: <c>&lt;pair&gt;-j&lt;row&gt;</c>, the pair's labels and the job's.</summary>
    private static void AssertRunnersAsBefore(RunPlan plan, GitHubTestHost github)
    {
        foreach (var (job, index) in plan.Jobs.Select((job, index) => (job, index)))
        {
            var pair = Assert.Single(plan.Pairs, p => p.Id == job.PairId);
            var spec = new MachineSpec { Image = pair.Image, Environment = pair.Environment, Architecture = pair.Architecture, Size = pair.Size };
            var labels = RunnerLabels.ForPair(pair.Id, spec, plan.RunId, job.Io).Append($"job-{index + 1}").ToList();
            Assert.Equal($"{RunnerLabels.Normalize(pair.Id)}-j{index + 1}", job.RunnerName);
            Assert.Equal(labels, job.RunsOn);
            var runner = Assert.Single(github.Server.Runners, r => r.Name == job.RunnerName);
            Assert.Equal(runner.Id, job.RunnerId);
            Assert.All(labels, label => Assert.Contains(label, runner.AllLabels, StringComparer.OrdinalIgnoreCase));
        }

        Assert.Equal(plan.Jobs.Count, github.Server.Runners.Count);
    }

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool IsPrepare(RemoteCommand command) => command.DisplayName?.StartsWith("give runner ", StringComparison.Ordinal) == true;

    private static bool IsInstall(RemoteCommand command) => command.DisplayName?.StartsWith("install GitHub runner ", StringComparison.Ordinal) == true;

    /// <summary>What the prepare step makes on a client that is this machine: the runner folder with its <c>.env</c>.</summary>
    private static void MakeRunnerFolder(GitHubTestHost github, VmPair pair, RemoteCommand command, string runId)
    {
        if (!IsPrepare(command))
        {
            return;
        }

        var name = command.DisplayName!["give runner ".Length..].Split(' ')[0];
        var folder = Directory.CreateDirectory(github.Installer.InstallDirectoryOf(OsFamily.Linux, name)).FullName;
        File.WriteAllText(Path.Combine(folder, ".env"), $"NETPERF_PAIR_ID={pair.Id}\nNETPERF_RUN_ID={runId}\n");
    }

    private IReadOnlyList<string> RunnerFolders() =>
        Directory.Exists(InstallRoot) ? Directory.GetDirectories(InstallRoot) : [];

    private Task<GitHubTestHost> StartGitHubAsync() => GitHubTestHost.StartAsync(install: o => o.LinuxInstallRoot = InstallRoot);

    private RunPlanner Planner(GatedBootstrapper bootstrapper, int jobsPerPair = 1, TimeProvider? clock = null)
    {
        bootstrapper.Steps = _steps;
        var catalog = new VmPairProviderCatalog([_memory]);
        return new RunPlanner(
            catalog,
            new PairProvisioner(catalog, bootstrapper),
            new RunPlanStore(Options.Create(new RunPlanOptions { Directory = Path.Combine(_folder, "plans") })),
            Options.Create(new RunPlanOptions { JobsPerPair = jobsPerPair }),
            Options.Create(new PairPoolOptions()),
            clock);
    }

    private static RunRequest Request(string runId, string matrix) =>
        new() { Matrix = JobMatrix.Expand(JobMatrix.Parse(matrix)), RunId = runId, Owner = "tests" };

    /// <summary>
    /// Bootstraps an in-memory pair once <c>gate</c> lets it (awaited with the provisioning's token), as the fake
    /// bootstrapper does; gives its client shell <c>handler</c> and records, per pair, when it is ready and each runner
    /// install's two steps on its client (prepare the folder, install).
    /// </summary>
    private sealed class GatedBootstrapper(Func<VmPair, CancellationToken, Task> gate, Func<VmPair, RemoteCommand, RemoteCommandResult?> handler) : IPairBootstrapper
    {
        private readonly FakePairBootstrapper _inner = new();

        public ConcurrentQueue<(string PairId, string Step)> Steps { get; set; } = new();

        public async Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
        {
            ((InMemoryMachineShell)pair.Client.Shell).Handler = command =>
            {
                if (IsPrepare(command) || IsInstall(command))
                {
                    Steps.Enqueue((pair.Id, IsPrepare(command) ? "prepare" : "install"));
                }

                return handler(pair, command) ?? new RemoteCommandResult { ExitCode = 0, StandardOutput = string.Empty, StandardError = string.Empty, Duration = TimeSpan.Zero };
            };
            await gate(pair, cancellationToken);
            var report = await _inner.BootstrapAsync(pair, requirements, cancellationToken);
            Steps.Enqueue((pair.Id, "ready"));
            return report;
        }
    }
}
