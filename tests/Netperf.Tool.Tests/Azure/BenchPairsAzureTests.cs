using System.Collections.Concurrent;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using Netperf.Testing.Arm;
using Netperf.Testing.GitHub;
using Netperf.Testing.Integration;

namespace Netperf.Tool.Tests.Azure;

/// <summary>
/// <c>netperf bench pairs --env azure --runners</c> (a child process) against the tests' ARM fake, whose Linux VMs run
/// Run Command scripts for real (<see cref="LinuxShellGuest"/>), and the fake GitHub: the path <c>eng/bench-pairs.sh azure
/// --runners</c> measures.
/// </summary>
public sealed partial class BenchPairsAzureTests
{
    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root, Prerequisite.Sudo)]
    public async Task BenchPairsAzureRunners_AgainstTheFakes_InstallsEachRunnerOnItsClientVmThroughRunCommandAndRemovesIt()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root, Prerequisite.Sudo);

        // Under /var/tmp: the fake VMs have /tmp of their own, and the pre-staged package must be where they see it.
        var work = Path.Combine("/var/tmp", "netperf-bench-azure-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        try
        {
            var package = Path.Combine(work, "actions-runner.tar.gz");
            await WriteStandInPackageAsync(Path.Combine(work, "pkg"), package);
            await using var github = await FakeGitHubServer.StartAsync();
            await using var machines = new LinuxShellGuest(Path.Combine(work, "vms"));
            await using var fake = await FakeArmServer.StartAsync();
            fake.Behaviours.UseInstantTiming();
            var simulator = new BootstrapGuestSimulator { Machines = machines };
            var installs = new ConcurrentQueue<Install>();
            fake.GuestHandler = async (command, cancellationToken) =>
            {
                var result = await simulator.HandleAsync(command, cancellationToken);
                if (RunnerName().Match(command.Script) is { Success: true } name)
                {
                    // The runner exists in the fake GitHub from its JIT configuration on (until the teardown deletes it).
                    var registered = github.Runners.SingleOrDefault(r => r.Name == name.Groups[1].Value);
                    installs.Enqueue(new Install(command, name.Groups[1].Value, registered?.JitConfig, result));
                }

                return result;
            };

            fake.OnVirtualMachineCreating = machines.Provision;

            // What each VM's disk held under the runners' folder when the VM was deleted, then the VM goes as its deletion does.
            var runnerFolders = new ConcurrentDictionary<string, Dictionary<string, string?>>(StringComparer.OrdinalIgnoreCase);
            fake.OnVirtualMachineRemoved = (group, vm) =>
            {
                var root = machines.HostPathOf(group, vm, "/opt/netperf-runners")!;
                runnerFolders[vm] = Directory.Exists(root)
                    ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
                        f => Path.GetRelativePath(root, f),
                        f => Path.GetFileName(f) == ".env" ? File.ReadAllText(f) : null)
                    : [];
                machines.RemoveMachine(group, vm);
            };

            var (exit, stdout, stderr) = await RunCliAsync(fake, github, package, "bench", "pairs", "--env", "azure", "--runners", "--counts", "1", "--rounds", "1", "--parallel-only", "--json");

            Assert.True(exit == 0, $"exit {exit}: {stderr}");
            using var json = JsonDocument.Parse(stdout);
            Assert.True(json.RootElement.GetProperty("runners").GetBoolean());
            Assert.Equal(1, json.RootElement.GetProperty("warmUp").GetArrayLength());
            Assert.Equal(1, json.RootElement.GetProperty("results").GetArrayLength());

            // The warm-up's pair and the measured one: one runner each, installed on that pair's client VM through Run Command.
            var done = installs.ToList();
            Assert.Equal(2, done.Count);
            foreach (var install in done)
            {
                Assert.StartsWith("npc-", install.Command.VmName, StringComparison.Ordinal);
                Assert.True(install.Result.ExitCode == 0, $"{install.Name}: exit {install.Result.ExitCode}: {install.Result.Error}");
                Assert.Contains("NETPERF_RUNNER_STARTED=", install.Result.Output, StringComparison.Ordinal);

                // The JIT configuration the fake GitHub issued for this runner reached the VM as a protected parameter, never in the script.
                Assert.NotNull(install.JitConfig);
                Assert.Equal(install.JitConfig, install.Command.Parameters["NETPERF_STDIN"].Trim());
                Assert.Contains("NETPERF_STDIN", install.Command.ProtectedParameterNames);
                Assert.DoesNotContain(install.JitConfig, install.Command.Script, StringComparison.Ordinal);

                // The runner's folder was on that VM's own disk, with the package unpacked and the job's environment.
                var files = runnerFolders[install.Command.VmName];
                Assert.Contains($"{install.Name}/run.sh", files.Keys);
                Assert.Contains("NETPERF_PAIR_ID=", files[$"{install.Name}/.env"], StringComparison.Ordinal);
                Assert.Contains("NETPERF_PEER_HOST=10.", files[$"{install.Name}/.env"], StringComparison.Ordinal);
                Assert.False(Directory.Exists($"/opt/netperf-runners/{install.Name}"), "the runner was installed on this machine, not in the VM");
            }

            // Each runner was registered once and deleted by the teardown; nothing is left in the fakes, no VM disk either.
            var journal = github.Journal;
            Assert.Equal(2, journal.Count(r => r is { Method: "POST", Status: 201 } && r.PathAndQuery.EndsWith("/actions/runners/generate-jitconfig", StringComparison.Ordinal)));
            Assert.Equal(2, journal.Count(r => r is { Method: "DELETE", Status: 204 } && RunnerPath().IsMatch(r.PathAndQuery)));
            Assert.Empty(github.Runners);
            Assert.True(fake.IsEmpty, fake.DescribeState());
            Assert.Empty(machines.Machines);
            Assert.Empty(Directory.EnumerateFileSystemEntries(machines.Root));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>A stand-in runner package: its run.sh records that it ran and leaves, as an ephemeral runner does after its job.</summary>
    private static async Task WriteStandInPackageAsync(string folder, string package)
    {
        Directory.CreateDirectory(folder);
        var run = Path.Combine(folder, "run.sh");
        await File.WriteAllTextAsync(run, "#!/bin/sh\necho ran > \"$PWD/ran\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(run, (UnixFileMode)0b111_101_101);
        }

        await using var output = File.Create(package);
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        await TarFile.CreateFromDirectoryAsync(folder, gzip, includeBaseDirectory: false);
    }

    private static Task<(int Exit, string Out, string Err)> RunCliAsync(FakeArmServer fake, FakeGitHubServer github, string package, params string[] args)
    {
        var settings = AzureCli.Settings(fake);
        settings["Netperf__GitHub__ApiBaseUrl"] = github.BaseUrl.ToString();
        settings["Netperf__GitHub__Owner"] = "netperf";
        settings["Netperf__GitHub__Repository"] = "netperf";
        settings["Netperf__GitHub__Token"] = FakeGitHubServer.DefaultToken;
        settings["Netperf__Runners__PackageSource"] = "PreStaged";
        settings["Netperf__Runners__PreStagedPackagePath"] = package;
        return AzureCli.RunAsync(settings, TimeSpan.FromMinutes(5), args);
    }

    [GeneratedRegex("# NETPERF-BOOTSTRAP \\{\"kind\":\"github-runner\".*\"name\":\"([^\"]+)\"")]
    private static partial Regex RunnerName();

    [GeneratedRegex("/actions/runners/[0-9]+$")]
    private static partial Regex RunnerPath();

    private sealed record Install(GuestCommand Command, string Name, string? JitConfig, GuestResult Result);
}
