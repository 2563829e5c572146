using System.Diagnostics;
using Netperf.Core.GitHub.Internal;
using Netperf.Core.Remoting;
using Netperf.Testing.Integration;

namespace Netperf.Core.Tests.GitHub;

/// <summary>
/// The runner install's "add the runner's user unless it exists" (<see cref="LinuxRunnerScript.EnsureUser"/>) run by the
/// real dash and BusyBox sh, with <c>id</c>, <c>useradd</c> and <c>flock</c> as shims that note each start (<c>flock</c>
/// then runs the real one), and a user database of the shims' own: no user is added to this machine.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LinuxRunnerUserTests : IDisposable
{
    private readonly string _folder = PrivateTestFolder.Create("npr-ruser-");

    private string Log => Path.Combine(_folder, "programs.log");

    private string Users => Path.Combine(_folder, "users");

    private string Lock => Path.Combine(_folder, "user.lock");

    private string Arrivals => Path.Combine(_folder, "arrivals.fifo");

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("dash")]
    [InlineData("busybox")]
    public async Task EnsureUser_UserInEtcPasswd_StartsNoProgramAndTakesNoLock(string shell)
    {
        Prerequisites.Ensure(ShellPrerequisites(shell));
        WriteShims(withArrivals: false);

        var result = await RunAsync(shell, "root");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Empty(File.ReadAllLines(Log));
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("dash")]
    [InlineData("busybox")]
    public async Task EnsureUser_UserOfAnotherNameService_AsksIdOnceAndTakesNoLock(string shell)
    {
        Prerequisites.Ensure(ShellPrerequisites(shell));
        WriteShims(withArrivals: false);
        File.WriteAllText(Users, "np-elsewhere\n");

        var result = await RunAsync(shell, "np-elsewhere");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Equal(["id -u np-elsewhere"], File.ReadAllLines(Log));
    }

    [IntegrationTheory(Prerequisite.Linux)]
    [InlineData("dash")]
    [InlineData("busybox")]
    public async Task EnsureUser_MissingUserTwoInstallsRacing_AddedOnceUnderTheLock(string shell)
    {
        Prerequisites.Ensure(ShellPrerequisites(shell));
        WriteShims(withArrivals: true);
        Assert.Equal(0, await RunProgramAsync("mkfifo", Arrivals));

        // The test holds the lock (flock(2), as .NET locks a file it opens unshared) until both installs wait for it.
        Task<RemoteCommandResult> first, second;
        using (File.Open(Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            first = RunAsync(shell, "np-missing");
            second = RunAsync(shell, "np-missing");
            var arrived = 0;
            while (arrived < 2)
            {
                // Each install's flock shim writes a line, then runs the real flock, which waits for the test's lock.
                arrived += (await Task.Run(() => File.ReadAllLines(Arrivals)).WaitAsync(TimeSpan.FromSeconds(60))).Length;
            }
        }

        var results = await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.StandardError));
        var log = File.ReadAllLines(Log);
        Assert.Equal(2, log.Count(l => l == "flock " + Lock));
        Assert.Equal(["useradd --system --create-home --shell /bin/sh np-missing"], log.Where(l => l.StartsWith("useradd", StringComparison.Ordinal)));
        Assert.Equal(["np-missing"], File.ReadAllLines(Users));
    }

    public void Dispose() => PrivateTestFolder.Delete(_folder);

    private static Prerequisite[] ShellPrerequisites(string shell) =>
        shell == "busybox" ? [Prerequisite.Linux, Prerequisite.BusyBox] : [Prerequisite.Linux];

    private void WriteShims(bool withArrivals)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;
        File.WriteAllText(Log, string.Empty);
        File.WriteAllText(Users, string.Empty);
        var log = ShellQuoting.Posix(Log);
        var users = ShellQuoting.Posix(Users);
        var flock = Prerequisites.FindExecutable("flock") ?? "/usr/bin/flock";
        Shim(bin, "id", $"echo \"id $*\" >> {log}\nwhile IFS= read -r u; do [ \"$u\" != \"$2\" ] || exit 0; done < {users}\nexit 1\n");
        Shim(bin, "useradd", $"echo \"useradd $*\" >> {log}\neval \"u=\\${{$#}}\"\necho \"$u\" >> {users}\n");
        Shim(bin, "flock", $"echo \"flock $1\" >> {log}\n" + (withArrivals ? $"echo arrived > {ShellQuoting.Posix(Arrivals)}\n" : string.Empty) + $"exec {ShellQuoting.Posix(flock)} \"$@\"\n");
    }

    private static void Shim(string bin, string name, string body)
    {
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private async Task<RemoteCommandResult> RunAsync(string shell, string user)
    {
        var script = Path.Combine(_folder, "ensure-" + Guid.NewGuid().ToString("N")[..8] + ".sh");
        await File.WriteAllTextAsync(script, $"set -eu\nU={ShellQuoting.Posix(user)}\nSUDO=\n" + LinuxRunnerScript.EnsureUser(Lock) + "echo done\n");
        var run = shell == "busybox" ? "busybox sh" : "dash";
        await using var local = new LocalProcessShell();
        return await local.RunAsync(new RemoteCommand
        {
            Text = $"PATH={ShellQuoting.Posix(Path.Combine(_folder, "bin"))}:\"$PATH\" exec {run} {ShellQuoting.Posix(script)}",
            Timeout = TimeSpan.FromSeconds(60),
        });
    }

    private static async Task<int> RunProgramAsync(string file, params string[] args)
    {
        using var process = Process.Start(file, args);
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
