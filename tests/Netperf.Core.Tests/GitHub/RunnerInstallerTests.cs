using System.Text.Json;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.GitHub;

namespace Netperf.Core.Tests.GitHub;

public sealed class RunnerInstallerTests
{
    private const string Sha = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task InstallAsync_LinuxJustInTime_ExactScriptWithSecretOnStandardInputOnly()
    {
        await using var host = await GitHubTestHost.StartAsync(install: o => o.PackageSha256["linux-x64"] = Sha);
        string? startedWith = null;
        var shell = new ScriptedRemoteShell(c =>
        {
            startedWith = c.StandardInput!.TrimEnd('\n');
            Assert.True(host.Server.SimulateJitStart(startedWith));
            return ScriptedRemoteShell.Ok("NETPERF_RUNNER_STARTED=np-p1-client");
        });

        var registration = await host.Installer.InstallAsync(Pair("p1", shell, "ubuntu-24.04"), io: "epoll");

        var command = Assert.Single(shell.Commands);
        var fake = Assert.Single(host.Server.Runners);
        Assert.Equal(fake.JitConfig, startedWith);
        Assert.Equal([fake.JitConfig!], command.Secrets);
        Assert.DoesNotContain(fake.JitConfig!, command.Text, StringComparison.Ordinal);
        Assert.Equal("online", fake.Status);
        Assert.Equal(fake.Id, registration.RunnerId);
        Assert.Equal("np-p1-client", registration.Name);
        Assert.Equal(RunnerRegistrationMode.JustInTime, registration.Mode);
        Assert.Equal(
            """
            # NETPERF-BOOTSTRAP {"kind":"github-runner","mode":"jit","name":"np-p1-client","labels":["netperf","os-ubuntu-24.04","env-lab","io-epoll","pair-p1","run-77-1"],"ephemeral":true}
            set -eu
            IFS= read -r NP_SECRET
            U='netperf-runner'
            D='/opt/netperf-runners/np-p1-client'
            np_euid=; { while read -r np_k np_r np_e np_x; do [ "$np_k" != Uid: ] || { np_euid=$np_e; break; }; done < /proc/self/status; } 2>/dev/null || :; [ -n "$np_euid" ] || np_euid=$(id -u)
            if [ "$np_euid" -eq 0 ]; then SUDO=''; AS="runuser -u $U --"; else SUDO='sudo -n'; AS="sudo -n -u $U --"; fi
            np_has=; { while IFS=: read -r np_n np_r; do [ "$np_n" != "$U" ] || { np_has=1; break; }; done < /etc/passwd; } 2>/dev/null || :
            [ -n "$np_has" ] || id -u "$U" >/dev/null 2>&1 || { { [ -d '/run/lock' ] || $SUDO mkdir -p '/run/lock'; } && $SUDO flock '/run/lock/netperf-runner-user.lock' sh -c 'id -u "$1" >/dev/null 2>&1 || useradd --system --create-home --shell /bin/sh "$1"' sh "$U"; }
            [ -d "$D" ] || $SUDO mkdir -p "$D"
            if [ ! -x "$D/run.sh" ]; then
              P="$D.pkg.tar.gz"
              $SUDO curl -fsSL --retry 3 -o "$P" 'https://github.com/actions/runner/releases/download/v2.321.0/actions-runner-linux-x64-2.321.0.tar.gz'
              echo '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef  '"$P" | $SUDO sha256sum -c -
              $SUDO tar xzf "$P" -C "$D"
              $SUDO rm -f "$P"
            fi
            $SUDO chown -R "$U" "$D"
            L='/opt/netperf-runners/.netperf-one-job.lock'; [ -e "$L" ] || if [ -z "$SUDO" ]; then (umask 022; : >> "$L"); else $SUDO sh -c 'umask 022; : >> "$1"' sh "$L"; fi
            printf '%s\n' "$NP_SECRET" | $AS sh -c 'IFS= read -r ACTIONS_RUNNER_INPUT_JITCONFIG; export ACTIONS_RUNNER_INPUT_JITCONFIG; cd "$1" && { trap "" HUP; setsid flock "$2" ./run.sh </dev/null >>"$1/runner.log" 2>&1 & }' sh "$D" "$L"
            unset NP_SECRET
            echo NETPERF_RUNNER_STARTED='np-p1-client'

            """.ReplaceLineEndings("\n"),
            command.Text);
    }

    [Fact]
    public async Task InstallAsync_LinuxRegistrationToken_ConfigShUnattendedEphemeralAsDedicatedUser()
    {
        await using var host = await GitHubTestHost.StartAsync(install: o =>
        {
            o.Mode = RunnerRegistrationMode.RegistrationToken;
            o.PackageSource = RunnerPackageSource.PreStaged;
            o.PreStagedPackagePath = "/srv/pkgs/actions-runner.tar.gz";
            o.LinuxUser = "ghrunner";
        });
        var shell = new ScriptedRemoteShell(c =>
        {
            // What config.sh + run.sh do on the machine, from the machine-readable header line.
            using var header = JsonDocument.Parse(c.Text.Split('\n')[0]["# NETPERF-BOOTSTRAP ".Length..]);
            host.Server.SimulateConfig(c.StandardInput!.TrimEnd('\n'), header.RootElement.GetProperty("name").GetString()!,
                header.RootElement.GetProperty("labels").EnumerateArray().Select(e => e.GetString()!), ephemeral: true);
            return ScriptedRemoteShell.Ok();
        });

        var registration = await host.Installer.InstallAsync(Pair("p2", shell, "ubuntu-22.04"));

        var text = Assert.Single(shell.Commands).Text;
        Assert.Contains("U='ghrunner'", text, StringComparison.Ordinal);
        Assert.Contains("  P='/srv/pkgs/actions-runner.tar.gz'\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("curl", text, StringComparison.Ordinal);
        Assert.DoesNotContain("rm -f", text, StringComparison.Ordinal);
        Assert.Contains(
            "printf '%s\\n' \"$NP_SECRET\" | $AS sh -c 'IFS= read -r ACTIONS_RUNNER_INPUT_TOKEN; export ACTIONS_RUNNER_INPUT_TOKEN; cd \"$1\" && exec ./config.sh --unattended --url \"$2\" --name \"$3\" --labels \"$4\" --work _work --ephemeral --disableupdate --replace' sh \"$D\" 'https://github.com/netperf/netperf' 'np-p2-client' 'netperf,os-ubuntu-22.04,env-lab,pair-p2,run-77-1'\nunset NP_SECRET\n",
            text,
            StringComparison.Ordinal);
        Assert.Contains("$AS sh -c 'cd \"$1\" && { trap \"\" HUP; setsid flock \"$2\" ./run.sh </dev/null >>\"$1/runner.log\" 2>&1 & }' sh \"$D\" \"$L\"\n", text, StringComparison.Ordinal);
        var fake = Assert.Single(host.Server.Runners);
        Assert.Equal(fake.Id, registration.RunnerId);
        Assert.Equal(RunnerRegistrationMode.RegistrationToken, registration.Mode);
    }

    [Fact]
    public async Task InstallAsync_Windows_ConfigCmdAsServiceWithTokenFromStandardInput()
    {
        await using var host = await GitHubTestHost.StartAsync(install: o => o.PackageSha256["win-x64"] = Sha);
        var shell = new ScriptedRemoteShell();

        var registration = await host.Installer.InstallAsync(Pair("w1", shell, "windows-2022"));

        var command = Assert.Single(shell.Commands);
        Assert.Equal(RunnerRegistrationMode.RegistrationToken, registration.Mode);
        Assert.Equal(@"C:\netperf-runners\np-w1-client", registration.InstallDirectory);
        Assert.Equal(
            """
            $ErrorActionPreference = 'Stop'
            $secret = ([string](@($input) | Select-Object -First 1)).Trim()
            $dir = 'C:\netperf-runners\np-w1-client'
            New-Item -ItemType Directory -Force -Path $dir | Out-Null
            if (-not (Test-Path (Join-Path $dir 'config.cmd'))) {
              $pkg = "$dir.pkg.zip"
              Invoke-WebRequest -UseBasicParsing -Uri 'https://github.com/actions/runner/releases/download/v2.321.0/actions-runner-win-x64-2.321.0.zip' -OutFile $pkg
              if ((Get-FileHash -Algorithm SHA256 -Path $pkg).Hash -ne '0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF') { throw "Runner package checksum mismatch: $pkg" }
              Expand-Archive -Path $pkg -DestinationPath $dir -Force
              Remove-Item -Force $pkg
            }
            Set-Location $dir
            $env:ACTIONS_RUNNER_INPUT_TOKEN = $secret
            Remove-Variable secret
            try { & .\config.cmd --unattended --url 'https://github.com/netperf/netperf' --name 'np-w1-client' --labels 'netperf,os-windows-2022,env-lab,pair-w1,run-77-1' --work _work --ephemeral --disableupdate --replace --runasservice } finally { Remove-Item Env:ACTIONS_RUNNER_INPUT_TOKEN -ErrorAction SilentlyContinue }
            if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
            Write-Output ('NETPERF_RUNNER_STARTED=' + 'np-w1-client')

            """.ReplaceLineEndings("\n"),
            command.Text);
        Assert.Single(command.Secrets);
        Assert.Equal(command.Secrets[0] + "\n", command.StandardInput);
    }

    [Fact]
    public async Task InstallAsync_Upload_CopiesLocalPackageThenExtractsIt()
    {
        var package = Path.Combine(Path.GetTempPath(), $"npgh-{Guid.NewGuid():N}.tar.gz");
        await File.WriteAllTextAsync(package, "not really a tarball");
        try
        {
            await using var host = await GitHubTestHost.StartAsync(install: o =>
            {
                o.PackageSource = RunnerPackageSource.Upload;
                o.LocalPackagePath = package;
            });
            var shell = new ScriptedRemoteShell();

            await host.Installer.InstallAsync(Pair("u1", shell, "ubuntu-24.04"));

            Assert.Equal([(package, "/tmp/np-u1-client-actions-runner-x64.tar.gz")], shell.Copies);
            Assert.Contains("  P='/tmp/np-u1-client-actions-runner-x64.tar.gz'\n", shell.Commands[0].Text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(package);
        }
    }

    [Fact]
    public async Task InstallAsync_ScriptFails_RunnerDeletedAndSecretNotInException()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var shell = new ScriptedRemoteShell(c => new RemoteCommandResult
        {
            ExitCode = 1,
            StandardOutput = string.Empty,
            StandardError = "sha256sum: WARNING: 1 computed checksum did NOT match; config was " + c.StandardInput,
            Duration = TimeSpan.FromSeconds(1),
        });

        var ex = await Assert.ThrowsAsync<RunnerInstallException>(() => host.Installer.InstallAsync(Pair("f1", shell, "ubuntu-24.04")));

        var secret = shell.Commands[0].Secrets[0];
        Assert.Equal(1, ex.ExitCode);
        Assert.Contains("checksum did NOT match", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, host.Logs.AllText, StringComparison.Ordinal);
        Assert.Empty(host.Server.Runners);
    }

    [Fact]
    public async Task InstallAsync_JitAnswerLostAfterGitHubMadeTheRunner_InstallsWithOneRunnerAndNoOrphan()
    {
        await using var host = await GitHubTestHost.StartAsync();
        await using var pump = host.Clock.AutoAdvance();
        host.Server.AddFault(new Netperf.Testing.GitHub.FakeGitHubFault { PathContains = "generate-jitconfig", Status = 503, LoseAnswer = true });
        var shell = new ScriptedRemoteShell(c =>
        {
            Assert.True(host.Server.SimulateJitStart(c.StandardInput!.TrimEnd('\n')));
            return ScriptedRemoteShell.Ok("NETPERF_RUNNER_STARTED=np-j1-client");
        });

        var registration = await host.Installer.InstallAsync(Pair("j1", shell, "ubuntu-24.04"));

        var runner = Assert.Single(host.Server.Runners);
        Assert.Equal(runner.Id, registration.RunnerId);
        Assert.Equal("online", runner.Status);
    }

    [Fact]
    public async Task InstallAsync_Cancelled_RunnerDeleted()
    {
        await using var host = await GitHubTestHost.StartAsync();
        using var cts = new CancellationTokenSource();
        var shell = new ScriptedRemoteShell(_ =>
        {
            cts.Cancel();
            throw new OperationCanceledException(cts.Token);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Installer.InstallAsync(Pair("c1", shell, "ubuntu-24.04"), cancellationToken: cts.Token));

        Assert.Empty(host.Server.Runners);
    }

    [Fact]
    public async Task InstallAsync_HostedLabelAsExtra_RefusedBeforeRegistering()
    {
        await using var host = await GitHubTestHost.StartAsync();
        var shell = new ScriptedRemoteShell();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Installer.InstallAsync(Pair("x", shell, "ubuntu-24.04"), extraLabels: ["ubuntu-latest"]));

        Assert.Empty(shell.Commands);
        Assert.Empty(host.Server.Journal);
    }

    internal static VmPair Pair(string id, IRemoteShell shell, string image)
    {
        var spec = new MachineSpec { Image = image, Environment = "lab" };
        Machine M(string name) => new() { Name = name, Addresses = ["127.0.0.1"], OsFamily = spec.OsFamily, Shell = shell };
        return new VmPair
        {
            Id = id,
            Client = M($"{id}-client"),
            Peer = M($"{id}-peer"),
            Spec = spec,
            Owner = "tests",
            RunId = "77-1",
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch.AddHours(2),
        };
    }
}
