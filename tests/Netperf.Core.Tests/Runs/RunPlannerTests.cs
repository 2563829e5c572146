using Microsoft.Extensions.Options;
using Netperf.Core.GitHub;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Runs;
using Netperf.Core.Tests.GitHub;
using Netperf.Testing.Integration;
using Netperf.Testing.Pairs;

namespace Netperf.Core.Tests.Runs;

/// <summary>The run planner on in-memory providers: checks before anything is made, reassignment, plan files, teardown.</summary>
public sealed class RunPlannerTests : IDisposable
{
    private const string Matrix = """{"os":["ubuntu-24.04","ubuntu-22.04"],"env":["memory"],"io":["epoll","iouring"],"tls":["openssl"]}""";
    private const string WindowsMatrix = """{"os":["windows-2022"],"env":["memory"],"io":["iocp"],"tls":["schannel"]}""";
    private readonly string _folder = PrivateTestFolder.Create("runplanner-");
    private readonly InMemoryVmPairProvider _memory = new("memory");
    private readonly FakePairBootstrapper _bootstrapper = new() { ThrowOnFailure = false };

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ProvisionAsync_OneBootstrapFails_ItsJobSitsOnAHealthyPairOfItsSpecAndThePlanSaysSo()
    {
        var failed = new List<string>();
        _bootstrapper.Fault = pair =>
        {
            lock (failed)
            {
                if (pair.Spec.Image != "ubuntu-22.04" || failed.Count > 0)
                {
                    return null;
                }

                failed.Add(pair.Id);
                return "injected";
            }
        };
        var planner = Planner();

        var plan = await planner.ProvisionAsync(Request("run-1"));

        Assert.Equal(RunPlanState.Ready, plan.State);
        Assert.Equal(4, plan.Jobs.Count);
        var moved = Assert.Single(plan.Jobs, j => j.Reassigned);
        Assert.Equal("ubuntu-22.04", moved.Os);
        Assert.Equal(failed, moved.FailedPairs);
        var home = Assert.Single(plan.Pairs, p => p.Id == moved.PairId);
        Assert.Equal(("ubuntu-22.04", "memory"), (home.Image, home.Environment));
        Assert.DoesNotContain(failed[0], _memory.ExistingPairIds);
        Assert.Equal(plan.Pairs.Select(p => p.Id).Order(), _memory.ExistingPairIds.Order());
        Assert.Equal(plan.RunId, (await planner.Store.LoadAsync("run-1"))!.RunId);
    }

    [Fact]
    public async Task ProvisionAsync_ImpossibleRow_ThrowsNamingTheRowAndTheEnvironmentThatCouldBeforeMakingAnything()
    {
        var windowsOnly = new InMemoryVmPairProvider("winlab");
        var planner = Planner(new RefusingProvider(_memory, "no Windows here"), windowsOnly);
        var request = Request("run-2", """{"os":["windows-2022"],"env":["memory"],"io":["iocp"],"tls":["schannel"]}""");

        var error = await Assert.ThrowsAsync<RunPlanException>(() => planner.ProvisionAsync(request));

        Assert.Equal(
            "row windows-2022-memory-x64-iocp-schannel cannot be made: no Windows here. Environments here that could make windows-2022/x64: winlab.",
            Assert.Single(error.Problems));
        Assert.Empty(_memory.Requests);
        Assert.False(planner.Store.Exists("run-2"));
    }

    [Fact]
    public async Task ProvisionAsync_RunIdInUse_ThrowsAndMakesNothing()
    {
        var planner = Planner();
        await planner.ProvisionAsync(Request("run-3"));
        var made = _memory.Requests.Count;

        var error = await Assert.ThrowsAsync<RunPlanException>(() => planner.ProvisionAsync(Request("run-3")));

        Assert.StartsWith("run 'run-3' exists already", error.Message, StringComparison.Ordinal);
        Assert.Equal(made, _memory.Requests.Count);
    }

    [Fact]
    public async Task TeardownAsync_AfterProvisionAndTwice_RemovesEveryPairAndThePlan()
    {
        var planner = Planner();
        await planner.ProvisionAsync(Request("run-4"));

        var first = await planner.TeardownAsync("run-4");
        var second = await planner.TeardownAsync("run-4");

        Assert.True(first.Succeeded);
        Assert.True(first.PlanRemoved);
        Assert.Equal(4, first.PairsDeleted.Count);
        Assert.Empty(_memory.ExistingPairIds);
        Assert.True(second.Succeeded);
        Assert.Empty(second.PairsDeleted);
        Assert.False(planner.Store.Exists("run-4"));
    }

    [Fact]
    public async Task ProvisionAsync_EverySpecPairFails_RemovesWhatWasMadeAndThePlan()
    {
        _bootstrapper.Fault = pair => pair.Spec.Image == "ubuntu-22.04" ? "always broken" : null;
        var planner = Planner();

        await Assert.ThrowsAsync<PairProvisioningException>(() => planner.ProvisionAsync(Request("run-5")));

        Assert.Empty(_memory.ExistingPairIds);
        Assert.False(planner.Store.Exists("run-5"));
    }

    [Fact]
    public async Task ProvisionAsync_WindowsClient_WritesTheJobsEnvironmentIntoTheRunnerFolderBeforeTheRunnerStarts()
    {
        var clients = CaptureClientShells();
        await using var github = await GitHubTestHost.StartAsync();
        var planner = Planner();

        var plan = await planner.ProvisionAsync(Request("run-w1", WindowsMatrix), github.Installer, github.Registry);

        var job = Assert.Single(plan.Jobs);
        var commands = clients[job.PairId!].Commands;
        var env = Assert.Single(commands, c => c.Contains("'.env'", StringComparison.Ordinal));
        var install = Assert.Single(commands, c => c.Contains("config.cmd", StringComparison.Ordinal));
        Assert.True(commands.ToList().IndexOf(env) < commands.ToList().IndexOf(install), "the .env was written after the runner was configured");
        Assert.Contains($"Set-Content -Encoding ascii -Path (Join-Path '{job.InstallDirectory}' '.env') -Value $envLines", env, StringComparison.Ordinal);
        Assert.Contains("$P = Join-Path '" + job.InstallDirectory + "' '.netperf-peer'", env, StringComparison.Ordinal);
        Assert.Contains("('NETPERF_PEER_SSH_CONFIG=' + $cfgPath)", env, StringComparison.Ordinal);
        Assert.Contains("('NETPERF_PEER_HOST=' + $H)", env, StringComparison.Ordinal);
        Assert.Contains($"'NETPERF_PAIR_ID={job.PairId}'", env, StringComparison.Ordinal);
        Assert.Contains($"'NETPERF_JOB_ID={job.Id}'", env, StringComparison.Ordinal);
        Assert.Contains("'NETPERF_RUN_ID=run-w1'", env, StringComparison.Ordinal);

        // The runner service's account owns its copy of the key (Windows' ssh refuses a key another account can read).
        Assert.Contains("/setowner '*S-1-5-20'", env, StringComparison.Ordinal);
        Assert.Contains(".Replace($d, $P)", env, StringComparison.Ordinal);
        Assert.DoesNotContain(commands, c => c.Contains("set -e", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_WindowsClient_TheCommandRunsAfterPowerShellSetsTheJobsVariables()
    {
        var clients = CaptureClientShells();
        var planner = Planner();

        var results = await planner.RunAsync(Request("run-w2", WindowsMatrix), "Write-Output $env:NETPERF_PEER_HOST", TimeSpan.FromMinutes(1));

        var result = Assert.Single(results);
        Assert.Equal(0, result.ExitCode);
        var command = Assert.Single(clients[result.PairId!].Commands, c => c.EndsWith("\nWrite-Output $env:NETPERF_PEER_HOST", StringComparison.Ordinal));
        Assert.Contains("$env:NETPERF_PEER_SSH_CONFIG = Join-Path $d 'ssh_config'", command, StringComparison.Ordinal);
        Assert.Contains("$env:NETPERF_PEER_HOST = @(Get-Content $env:NETPERF_PEER_SSH_CONFIG", command, StringComparison.Ordinal);
        Assert.Contains($"$env:NETPERF_PAIR_ID = '{result.PairId}'", command, StringComparison.Ordinal);
        Assert.Contains($"$env:NETPERF_JOB_ID = '{result.JobId}'", command, StringComparison.Ordinal);
        Assert.Contains("$env:NETPERF_RUN_ID = 'run-w2'", command, StringComparison.Ordinal);
        Assert.DoesNotContain("export ", command, StringComparison.Ordinal);
    }

    /// <summary>The client shell of every pair the bootstrapper sees, by pair id.</summary>
    private System.Collections.Concurrent.ConcurrentDictionary<string, InMemoryMachineShell> CaptureClientShells()
    {
        var clients = new System.Collections.Concurrent.ConcurrentDictionary<string, InMemoryMachineShell>(StringComparer.Ordinal);
        _bootstrapper.Fault = pair =>
        {
            clients[pair.Id] = (InMemoryMachineShell)pair.Client.Shell;
            return null;
        };
        return clients;
    }

    private RunPlanner Planner(params IVmPairProvider[] providers)
    {
        var catalog = new VmPairProviderCatalog(providers.Length > 0 ? providers : [_memory]);
        return new RunPlanner(
            catalog,
            new PairProvisioner(catalog, _bootstrapper),
            new RunPlanStore(Options.Create(new RunPlanOptions { Directory = Path.Combine(_folder, "plans") })),
            Options.Create(new RunPlanOptions()),
            Options.Create(new PairPoolOptions()));
    }

    private static RunRequest Request(string runId, string matrix = Matrix) =>
        new() { Matrix = JobMatrix.Expand(JobMatrix.Parse(matrix)), RunId = runId, Owner = "tests" };

    /// <summary>A provider that says it cannot make any spec.</summary>
    private sealed class RefusingProvider(IVmPairProvider inner, string why) : IVmPairProvider
    {
        public string Environment => inner.Environment;

        public Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default) => inner.CreatePairAsync(request, cancellationToken);

        public Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default) => inner.DeletePairAsync(pairId, cancellationToken);

        public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default) => inner.ListPairsAsync(cancellationToken);

        public string? CheckSpec(MachineSpec spec) => why;
    }
}
