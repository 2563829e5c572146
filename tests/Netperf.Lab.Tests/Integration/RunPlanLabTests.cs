using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.GitHub;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Runs;
using Netperf.Lab.Hosting;
using Netperf.Testing;
using Netperf.Testing.GitHub;
using Netperf.Testing.Integration;
using Netperf.Testing.Namespaces;
using Netperf.Testing.Network;

namespace Netperf.Lab.Tests.Integration;

/// <summary>
/// A run plan end to end on the single-machine namespace lab and the fake GitHub: four jobs over two images, one
/// pair's bootstrap failing by injection; runners on the pairs' clients; each job's step run as its runner would run
/// it; teardown leaves nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunPlanLabTests(SingleMachineFixture fixture) : IClassFixture<SingleMachineFixture>
{
    private const string RunId = "octo/app/4711-1";
    private const string InstallRoot = "/tmp/netperf-runners";

    // Unique per run: a user is machine-wide and other checkouts may run this test.
    private static readonly string User = $"nprp{Guid.NewGuid():N}"[..12];

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3)]
    public async Task Provision_FourJobsTwoImagesOneBootstrapFails_RunnersOnClientsJobsReassignedStepsReachThePeerTeardownLeavesNothing()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.IpRoute, Prerequisite.OpenSsh, Prerequisite.Iperf3);
        var lab = fixture.Lab;
        var folder = PrivateTestFolder.Create("runplan-");
        await using var github = await FakeGitHubServer.StartAsync();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddNetperf()
            .AddSingleMachineLab(options => SingleMachineLabTests.Private(options, lab, "ubuntu-22.04"))
            .AddGitHubRunners(o =>
            {
                o.ApiBaseUrl = github.BaseUrl;
                o.Owner = "netperf";
                o.Repository = "netperf";
                o.Token = FakeGitHubServer.DefaultToken;
            });
        services.Configure<RunnerInstallOptions>(o =>
        {
            o.PackageSource = RunnerPackageSource.PreStaged;
            o.PreStagedPackagePath = MakePackage(folder);
            o.LinuxInstallRoot = InstallRoot;
            o.LinuxUser = User;
        });
        await using var container = services.BuildServiceProvider();
        var catalog = container.GetRequiredService<VmPairProviderCatalog>();
        var bootstrapper = new FailFirstBootstrapper(container.GetRequiredKeyedService<IPairBootstrapper>("lab"), "ubuntu-22.04");
        var store = new RunPlanStore(Options.Create(new RunPlanOptions { Directory = Path.Combine(folder, "plans") }));
        var planner = new RunPlanner(
            catalog, new PairProvisioner(catalog, bootstrapper), store, Options.Create(new RunPlanOptions()), Options.Create(new PairPoolOptions()));
        var registry = container.GetRequiredService<IRunnerRegistry>();
        var matrix = JobMatrix.Expand(JobMatrix.Parse("""{"os":["ubuntu-24.04","ubuntu-22.04"],"env":["lab"],"io":["epoll","iouring"],"tls":["openssl"]}"""));
        try
        {
            var plan = await planner.ProvisionAsync(
                new RunRequest { Matrix = matrix, RunId = RunId, Owner = "lab-tests", Requirements = new BootstrapRequirements { Tools = ["iperf3"] } },
                container.GetRequiredService<RunnerInstaller>(),
                registry);

            Assert.Equal(4, plan.Jobs.Count);
            Assert.True(File.Exists(store.PathOf(RunId)));

            // The injected failure: one 22.04 pair failed; its job sits on a healthy 22.04 lab pair of the plan.
            var failed = Assert.Single(bootstrapper.Failed);
            var moved = Assert.Single(plan.Jobs, j => j.Reassigned);
            Assert.Equal([failed], moved.FailedPairs);
            Assert.DoesNotContain(plan.Pairs, p => p.Id == failed);
            var home = Assert.Single(plan.Pairs, p => p.Id == moved.PairId);
            Assert.Equal(("ubuntu-22.04", "lab"), (home.Image, home.Environment));

            foreach (var job in plan.Jobs)
            {
                // runs-on reaches a runner in the fake that carries every label, and only this job's runner.
                var runner = Assert.Single(github.Runners, r => r.Name == job.RunnerName);
                Assert.All(job.RunsOn, l => Assert.Contains(l, runner.AllLabels, StringComparer.OrdinalIgnoreCase));
                Assert.Single(github.Runners, r => job.RunsOn.All(l => r.AllLabels.Contains(l, StringComparer.OrdinalIgnoreCase)));
                Assert.Contains($"pair-{job.PairId}", job.RunsOn);

                // Its folder is on the pair's client VM (that VM's private /tmp), not on the orchestrator.
                var vm = ClientVmOf(lab, job.PairId!);
                var hostPath = $"{lab.StateDirectory}/{vm}/tmp/netperf-runners/{job.RunnerName}";
                Assert.True(File.Exists($"{hostPath}/run.sh"), $"no runner at {hostPath}");
                Assert.False(Directory.Exists($"{InstallRoot}/{job.RunnerName}"), "the runner was installed on the orchestrator");

                // The job's step as the runner runs it: in the client VM, as the runner's user, in its folder, with its .env.
                await RunStepAsync(lab, vm, job.RunnerName!);
                using var result = JsonDocument.Parse(await File.ReadAllTextAsync($"{hostPath}/result.json"));
                TcpTestResult.AssertCountsAgree(result.RootElement);
            }

            var report = await planner.TeardownAsync(RunId, registry);
            Assert.True(report.Succeeded, string.Join("; ", report.Failures));
            Assert.Empty(github.Runners);
            Assert.False(File.Exists(store.PathOf(RunId)));
            Assert.Empty(await lab.FindLeftoversAsync(includeHosts: false));
            Assert.Equal(string.Empty, (await HostCommand.CheckAsync($"pgrep -af '[s]shd.*{lab.StateDirectory}' || true")).Trim());

            // Twice is fine.
            Assert.True((await planner.TeardownAsync(RunId, registry)).Succeeded);
        }
        finally
        {
            await planner.TeardownAsync(RunId, registry);
            await HostCommand.RunAsync($"userdel -f {User}");
            File.Delete($"/var/tmp/{Path.GetFileName(folder)}-actions-runner.tar.gz");
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The client VM (its name ends in c) whose recorded pair is <paramref name="pairId"/>.</summary>
    private static string ClientVmOf(NamespaceLab lab, string pairId) =>
        Assert.Single(Directory.GetDirectories(lab.StateDirectory, $"{lab.VmPrefix}*c")
            .Where(d => File.Exists(Path.Combine(d, "pair")) && File.ReadAllText(Path.Combine(d, "pair")).Trim() == pairId)
            .Select(Path.GetFileName))!;

    private static async Task RunStepAsync(NamespaceLab lab, string vm, string runner)
    {
        var d = $"{lab.StateDirectory}/{vm}";
        // The job's checkout lives in the runner's folder on the client, as actions/checkout puts it; the VM has its own
        // /tmp, so a script under the host's /tmp (a CI clone) is not there unless copied in.
        var script = Path.Combine(RepositoryRoot.Find(), "samples", "github", "tcp-test.sh");
        File.Copy(script, $"{d}{InstallRoot}/{runner}/tcp-test.sh", overwrite: true);
        var step =
            $"mount --bind {d}/tmp /tmp && mount --bind {d}/root /root && cd {InstallRoot}/{runner} && " +
            $"runuser -u {User} -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME={InstallRoot}/{runner} sh -c 'set -a; . ./.env; set +a; sh ./tcp-test.sh result.json'";
        var run = await HostCommand.RunAsync($"ip netns exec {vm} sh -c \"{step}\"");
        if (run.ExitCode != 0)
        {
            var listing = await HostCommand.RunAsync($"ls -la {d}/tmp {d}/tmp/netperf-runners {d}/tmp/netperf-runners/{runner}; id {User}");
            Assert.Fail($"the job step failed on {vm}: {run.Output}\n{listing.Output}");
        }
    }

    /// <summary>A stand-in runner package: run.sh records that it ran and leaves, as an ephemeral runner does after its job.</summary>
    private static string MakePackage(string folder)
    {
        var content = Directory.CreateDirectory(Path.Combine(folder, "pkg")).FullName;
        var run = Path.Combine(content, "run.sh");
        File.WriteAllText(run, "#!/bin/sh\necho ran > \"$PWD/ran\"\n");
        File.SetUnixFileMode(run, (UnixFileMode)0b111_101_101);
        // Not under /tmp or /root: each VM has its own; /var/tmp is this machine's, seen by every VM.
        var package = $"/var/tmp/{Path.GetFileName(folder)}-actions-runner.tar.gz";
        using var tar = Process.Start(new ProcessStartInfo("tar") { ArgumentList = { "czf", package, "-C", content, "." } })!;
        tar.WaitForExit();
        Assert.Equal(0, tar.ExitCode);
        return package;
    }

    /// <summary>The real bootstrapper, except that the first pair of one image fails, as a broken machine would.</summary>
    private sealed class FailFirstBootstrapper(IPairBootstrapper inner, string image) : IPairBootstrapper
    {
        private int _failed;

        public List<string> Failed { get; } = [];

        public Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
        {
            if (pair.Spec.Image == image && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                lock (Failed)
                {
                    Failed.Add(pair.Id);
                }

                throw new InvalidOperationException($"injected: pair {pair.Id}'s bootstrap fails");
            }

            return inner.BootstrapAsync(pair, requirements, cancellationToken);
        }
    }
}
