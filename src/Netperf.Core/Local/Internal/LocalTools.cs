using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local.Internal;

/// <summary>Finds and runs the OpenSSH tools, and probes processes and ports of this machine.</summary>
internal static class LocalTools
{
    private static readonly string[] SbinFolders = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

    /// <summary>Finds <c>sshd</c> as an absolute path (sshd refuses to re-exec itself from a relative one).</summary>
    public static string? FindSshd(string? configured)
    {
        if (string.Equals(configured, LocalOptions.NoSshd, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(SbinFolders)
            .Where(Path.IsPathRooted)
            .Select(folder => Path.Combine(folder, "sshd"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Finds PowerShell 7 (<c>pwsh</c>) as an absolute path: on PATH, else where <c>dotnet tool install --global PowerShell</c>
    /// puts it (<c>~/.dotnet/tools</c>); <see langword="null"/> when neither has it.
    /// </summary>
    public static string? FindPwsh()
    {
        var name = OperatingSystem.IsWindows() ? "pwsh.exe" : "pwsh";
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(string.IsNullOrEmpty(home) ? [] : [Path.Combine(home, ".dotnet", "tools")])
            .Where(Path.IsPathRooted)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    public static async Task<RemoteCommandResult> RunAsync(string fileName, IEnumerable<string> arguments, string display, TimeSpan timeout, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo { FileName = fileName };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var runner = new ProcessRunner(time, logger, "local " + Environment.MachineName);
        return await runner.RunAsync(startInfo, new RemoteCommand { Text = display, Timeout = timeout }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Generates an ed25519 key pair without a passphrase; the private file is 0600 and never read by Netperf.</summary>
    public static async Task GenerateKeyAsync(string? sshKeygen, string privateKeyPath, string comment, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var result = await RunAsync(sshKeygen ?? "ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", comment, "-f", privateKeyPath], "ssh-keygen -t ed25519 " + Path.GetFileName(privateKeyPath), TimeSpan.FromSeconds(30), time, logger, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"ssh-keygen could not create '{privateKeyPath}' (exit {result.ExitCode}): {result.StandardError.Trim()} Install openssh-client or set the ssh-keygen path.");
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(privateKeyPath, NetperfPaths.PrivateFileMode);
        }
    }

    /// <summary>
    /// Kills a process and all its descendants (sshd's connection and session processes included), callers having proven
    /// it is ours, and returns the descendants it killed (pid, start time). Each process is stopped (SIGSTOP) before the
    /// kill so that nothing forks out of the tree meanwhile, and /proc is read once per generation, stat files only.
    /// <see cref="Process.Kill(bool)"/> does the same but reads every process's status and threads once per member of
    /// the tree: that was a quarter of the orchestrator's thread-pool CPU when 8 pairs were deleted (docs/benchmarks.md).
    /// </summary>
    public static IReadOnlyList<(int Pid, long StartTicks)> KillTree(int pid, long startTicks)
    {
        if (!ProcessIdentity.IsSupported || startTicks <= 0)
        {
            KillTree(pid);
            return [];
        }

        if (!ProcessIdentity.IsAlive(pid, startTicks))
        {
            return [];
        }

        Signal(pid, SignalStop);
        var stopped = new List<(int Pid, long StartTicks)>();
        var known = new HashSet<int> { pid };
        while (true)
        {
            // Stopped processes fork nothing, so a pass that finds no new descendant has found them all.
            var found = ProcessIdentity.Descendants(pid).Where(d => known.Add(d.Pid)).ToList();
            if (found.Count == 0)
            {
                break;
            }

            foreach (var descendant in found)
            {
                Signal(descendant.Pid, SignalStop);
                stopped.Add(descendant);
            }
        }

        foreach (var (member, started) in stopped.Prepend((pid, startTicks)))
        {
            if (ProcessIdentity.IsAlive(member, started))
            {
                Signal(member, SignalKill);
            }
        }

        return stopped;
    }

    private const int SignalKill = 9;
    private const int SignalStop = 19;

    private static void Signal(int pid, int signal) => _ = NativeMethods.kill(pid, signal);

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SA1300, IDE1006 // The C library's name.
        public static extern int kill(int pid, int sig);
#pragma warning restore SA1300, IDE1006
    }

    /// <summary>Kills a process and all its descendants (sshd's connection and session processes included); callers prove it is ours first.</summary>
    public static void KillTree(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // Gone, or not ours: the caller verifies.
        }
    }
}
