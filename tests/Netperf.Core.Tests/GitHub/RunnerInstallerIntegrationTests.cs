using System.Diagnostics;
using Netperf.Core.GitHub;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.GitHub;

/// <summary>Runs the rendered Linux install step for real (as root, with a stand-in runner package).</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunnerInstallerIntegrationTests
{
    private const string User = "npgh-runner";

    [IntegrationFact(Prerequisite.Linux, Prerequisite.Root)]
    public async Task InstallAsync_LinuxJitForReal_RunsRunShAsDedicatedUserWithTheConfig()
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root);
        var root = Path.Combine(Path.GetTempPath(), $"npgh-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        try
        {
            var package = await MakePackageAsync(root);
            await using var host = await GitHubTestHost.StartAsync(install: o =>
            {
                o.PackageSource = RunnerPackageSource.PreStaged;
                o.PreStagedPackagePath = package;
                o.LinuxInstallRoot = Path.Combine(root, "runners");
                o.LinuxUser = User;
            });
            var shell = new Netperf.Core.Remoting.LocalProcessShell();

            var registration = await host.Installer.InstallAsync(RunnerInstallerTests.Pair("real1", shell, "ubuntu-24.04"));

            var started = Path.Combine(registration.InstallDirectory, "started.txt");
            var deadline = Stopwatch.StartNew();
            while (!File.Exists(started) || (await File.ReadAllTextAsync(started)).Length == 0)
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "run.sh was never started");
                await Task.Delay(50);
            }

            var line = (await File.ReadAllTextAsync(started)).Trim();
            var jit = Assert.Single(host.Server.Runners).JitConfig;
            Assert.Equal($"user={User} args=--jitconfig {jit}", line);
        }
        finally
        {
            await RunAsync("userdel", "-r", User);
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> MakePackageAsync(string root)
    {
        var content = Path.Combine(root, "pkg");
        Directory.CreateDirectory(content);
        await File.WriteAllTextAsync(Path.Combine(content, "run.sh"), "#!/bin/sh\necho \"user=$(id -un) args=$*\" > \"$(dirname \"$0\")/started.tmp\" && mv \"$(dirname \"$0\")/started.tmp\" \"$(dirname \"$0\")/started.txt\"\n");
        File.SetUnixFileMode(Path.Combine(content, "run.sh"), (UnixFileMode)0b111_101_101);
        var package = Path.Combine(root, "actions-runner.tar.gz");
        Assert.Equal(0, await RunAsync("tar", "czf", package, "-C", content, "."));
        return package;
    }

    private static async Task<int> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
