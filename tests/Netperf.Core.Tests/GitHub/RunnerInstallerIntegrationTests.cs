using System.Diagnostics;
using Netperf.Core.GitHub;
using Netperf.Testing.Integration;
using Netperf.Testing.Secrets;

namespace Netperf.Core.Tests.GitHub;

/// <summary>
/// Runs the rendered Linux install step for real (as root, through the local shell, with a stand-in runner
/// package), while every process's command line is watched for the secret the fake GitHub handed out.
/// The stand-in <c>config.sh</c> and <c>run.sh</c> report to the test through a FIFO and then wait on
/// another, so the test looks at the process list while they are certainly alive.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class RunnerInstallerIntegrationTests
{
    // Unique per run: other checkouts may run this test at the same time, and a user is machine-wide.
    private static readonly string User = $"npgh{Guid.NewGuid():N}"[..12];
    private static readonly string[] Labels = ["netperf", "os-ubuntu-24.04", "env-lab", "pair-real1", "run-77-1"];

    [IntegrationTheory(Prerequisite.Linux, Prerequisite.Root)]
    [InlineData(RunnerRegistrationMode.JustInTime)]
    [InlineData(RunnerRegistrationMode.RegistrationToken)]
    public async Task InstallAsync_LocalShellForReal_RunnerGetsTheSecretInItsEnvironmentAndNoCommandLineOrLogHoldsIt(RunnerRegistrationMode mode)
    {
        Prerequisites.Ensure(Prerequisite.Linux, Prerequisite.Root);
        var root = Path.Combine(Path.GetTempPath(), $"npgh-{Guid.NewGuid():N}");
        Directory.CreateDirectory(root, (UnixFileMode)0b111_101_101);
        var report = Path.Combine(root, "report.fifo");
        var resume = Path.Combine(root, "resume.fifo");
        var readers = new List<Task<string>>();
        try
        {
            Assert.Equal(0, await RunAsync("mkfifo", "-m", "666", report));
            Assert.Equal(0, await RunAsync("mkfifo", "-m", "666", resume));
            var package = await MakePackageAsync(root, report, resume);
            await using var host = await GitHubTestHost.StartAsync(install: o =>
            {
                o.Mode = mode;
                o.PackageSource = RunnerPackageSource.PreStaged;
                o.PreStagedPackagePath = package;
                o.LinuxInstallRoot = Path.Combine(root, "runners");
                o.LinuxUser = User;
            });
            var shell = new Netperf.Core.Remoting.LocalProcessShell();
            await using var watch = CommandLineWatch.Start();

            var install = host.Installer.InstallAsync(RunnerInstallerTests.Pair("real1", shell, "ubuntu-24.04"));

            // Token mode: config.sh, then run.sh; JIT: run.sh alone. Each reports and waits, alive, while the test scans.
            var reports = new List<string>();
            for (var step = 0; step < (mode == RunnerRegistrationMode.JustInTime ? 1 : 2); step++)
            {
                var reader = Task.Run(() => File.ReadAllText(report));
                readers.Add(reader);
                await Task.WhenAny(reader, install).WaitAsync(TimeSpan.FromSeconds(60));
                if (install.IsFaulted)
                {
                    await install;
                }

                reports.Add((await reader.WaitAsync(TimeSpan.FromSeconds(60))).Trim());
                watch.Scan();
                if (step == 0 && mode == RunnerRegistrationMode.RegistrationToken)
                {
                    // What the real config.sh does with the token it was given.
                    host.Server.SimulateConfig(host.Server.IssuedRegistrationTokens.Single(), "np-real1-client", Labels, ephemeral: true);
                }

                await Task.Run(() => File.WriteAllText(resume, "go\n")).WaitAsync(TimeSpan.FromSeconds(30));
            }

            var registration = await install.WaitAsync(TimeSpan.FromSeconds(60));

            var runner = Assert.Single(host.Server.Runners);
            var secret = mode == RunnerRegistrationMode.JustInTime ? runner.JitConfig! : host.Server.IssuedRegistrationTokens.Single();
            var digest = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret)));
            var url = host.Registry.RegistrationUrl.ToString().TrimEnd('/');
            string[] expected = mode == RunnerRegistrationMode.JustInTime
                ? [$"run.sh user={User} args= jitconfig-sha256={digest} token-sha256=none sighup=ignored"]
                : [$"config.sh user={User} args=--unattended --url {url} --name np-real1-client --labels {string.Join(',', Labels)} --work _work --ephemeral --disableupdate --replace jitconfig-sha256=none token-sha256={digest}",
                   $"run.sh user={User} args= jitconfig-sha256=none token-sha256=none sighup=ignored"];
            await watch.AssertNeverSeenAsync(secret);
            PlantedSecret.Known(secret).AssertNotIn("the logs", host.Logs.AllText);
            Assert.Equal(expected, reports);
            Assert.Equal(runner.Id, registration.RunnerId);
        }
        finally
        {
            // Unblock a reader still waiting on the FIFO (a run that failed before reporting).
            foreach (var reader in readers.Where(r => !r.IsCompleted))
            {
                await Task.Run(() => File.WriteAllText(report, "abandoned\n")).WaitAsync(TimeSpan.FromSeconds(10));
            }

            // -f: a stand-in that was just resumed may not have exited yet.
            await RunAsync("userdel", "-f", "-r", User);
            Directory.Delete(root, recursive: true);
        }
    }

    private static async Task<string> MakePackageAsync(string root, string report, string resume)
    {
        var content = Path.Combine(root, "pkg");
        Directory.CreateDirectory(content);

        // What the real scripts would see: their arguments and the two runner variables (as digests: the stand-in
        // keeps the secret out of the test's own files too). Each reports, then waits until the test resumes it.
        var standIn = """
            #!/bin/sh
            sha() { if [ -n "$1" ]; then printf '%s' "$1" | sha256sum | cut -d' ' -f1; else echo none; fi; }
            hup() { while read -r k v; do [ "$k" != SigIgn: ] || { case $v in *[13579bdf]) echo ignored ;; *) echo default ;; esac; return; }; done < /proc/$$/status; }
            echo "NAME user=$(id -un) args=$* jitconfig-sha256=$(sha "${ACTIONS_RUNNER_INPUT_JITCONFIG:-}") token-sha256=$(sha "${ACTIONS_RUNNER_INPUT_TOKEN:-}")HUP" > 'REPORT'
            read -r _ < 'RESUME'
            """.ReplaceLineEndings("\n").Replace("REPORT", report, StringComparison.Ordinal).Replace("RESUME", resume, StringComparison.Ordinal) + "\n";
        foreach (var name in new[] { "config.sh", "run.sh" })
        {
            var path = Path.Combine(content, name);
            // The runner itself also says whether SIGHUP reaches it (the install detaches it with SIGHUP ignored, as nohup did).
            var hup = name == "run.sh" ? " sighup=$(hup)" : string.Empty;
            await File.WriteAllTextAsync(path, standIn.Replace("NAME", name, StringComparison.Ordinal).Replace("HUP\"", hup + "\"", StringComparison.Ordinal));
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

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
