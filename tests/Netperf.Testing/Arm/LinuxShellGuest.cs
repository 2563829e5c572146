using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Netperf.Testing.Arm;

/// <summary>
/// Fake Linux VMs whose Run Command scripts really run, as the Run Command handler runs them on an Azure VM: the
/// script (exactly what ARM received) is written to a file and run by <c>/bin/bash</c> as root, without a terminal
/// or standard input, with its parameters and protected parameters as environment variables, <c>PATH</c> and
/// nothing else (the agent sets no <c>HOME</c>), in a folder of its own. Each VM is a mount namespace over this
/// machine's root: <c>/etc</c>, <c>/home</c>, <c>/opt</c> and <c>/root</c> are overlays whose writes land on the
/// VM's disk (a folder under <see cref="Root"/>), and <c>/tmp</c> and <c>/run/lock</c> are the VM's own empty folders;
/// so users, files, folders and lock files a script makes are that VM's, and the rest of the machine (binaries,
/// <c>/var</c>, the rest of <c>/run</c>, the network) is shared. The VM's admin user (<see cref="GuestCommand.AdminUsername"/>) is created on it before its
/// first script, as Azure's provisioning does. Processes a script leaves running (a runner) keep running in the
/// VM until it is removed. Wire <see cref="Provision"/> to <see cref="FakeArmServer.OnVirtualMachineCreating"/> (the VM
/// is then made while ARM creates it, not at its first script) and <see cref="RemoveMachine"/> to
/// <see cref="FakeArmServer.OnVirtualMachineRemoved"/>: it
/// kills every process of the VM and deletes its disk, and disposing removes every VM and <see cref="Root"/>.
/// Needs root on Linux (<c>unshare</c>, <c>mount</c>, <c>nsenter</c>); see <see cref="IsSupported"/>.
/// </summary>
public sealed class LinuxShellGuest : IAsyncDisposable
{
    private const string Path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    // Runs in the VM's new mount namespace, once: the overlays, the VM's /tmp and its admin user; then it holds the
    // namespace open until its standard input (a pipe from this process) closes.
    private const string Boot = """
        set -e
        d=$1
        for p in etc home opt root; do
          mkdir -p "$d/$p/upper" "$d/$p/work"
          mount -t overlay overlay -o "lowerdir=/$p,upperdir=$d/$p/upper,workdir=$d/$p/work" "/$p"
        done
        mkdir -p "$d/tmp"; chmod 1777 "$d/tmp"
        mount --bind "$d/tmp" /tmp
        if [ -d /run/lock ] && [ ! -L /run/lock ]; then mkdir -p "$d/run-lock"; chmod 1777 "$d/run-lock"; mount --bind "$d/run-lock" /run/lock; fi
        if [ -n "$2" ] && ! id -u "$2" >/dev/null 2>&1; then useradd --create-home --shell /bin/bash "$2"; fi
        echo netperf-vm-booted
        exec cat >/dev/null
        """;

    private readonly ConcurrentDictionary<string, Machine> _machines = new(StringComparer.OrdinalIgnoreCase);
    private int _sequence;

    /// <summary>Creates the VMs' home; each VM's disk is a folder under <paramref name="root"/>, made on its first script.</summary>
    /// <param name="root">The folder for the VMs' disks (created; removed on dispose).</param>
    public LinuxShellGuest(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = System.IO.Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
    }

    /// <summary>Whether this machine can run the VMs: Linux, as root.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && Environment.IsPrivilegedProcess && File.Exists("/usr/bin/nsenter");

    /// <summary>The folder under which every VM's disk is.</summary>
    public string Root { get; }

    /// <summary>The VMs that exist (have run a script and were not removed), as <c>resourceGroup/vmName</c>.</summary>
    public IReadOnlyList<string> Machines => [.. _machines.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The folder that holds a VM's disk (its <c>/etc</c>, <c>/home</c>, <c>/opt</c> and <c>/root</c> writes and its <c>/tmp</c>).</summary>
    /// <param name="resourceGroup">The VM's group.</param>
    /// <param name="vmName">The VM.</param>
    /// <returns>The folder (it exists once the VM ran a script).</returns>
    public string DiskOf(string resourceGroup, string vmName) =>
        System.IO.Path.Combine(Root, Safe(resourceGroup), Safe(vmName));

    /// <summary>Where a path of the VM's overlaid or private folders (<c>/etc</c>, <c>/home</c>, <c>/opt</c>, <c>/root</c>, <c>/tmp</c>) was written on its disk; <see langword="null"/> for other paths.</summary>
    /// <param name="resourceGroup">The VM's group.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="path">An absolute path as the VM sees it.</param>
    /// <returns>The host path of the VM's own copy (it exists only when the VM wrote it).</returns>
    public string? HostPathOf(string resourceGroup, string vmName, string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var parts = path.TrimStart('/').Split('/', 2);
        var rest = parts.Length > 1 ? parts[1] : string.Empty;
        var disk = DiskOf(resourceGroup, vmName);
        return parts[0] switch
        {
            "etc" or "home" or "opt" or "root" => System.IO.Path.Combine(disk, parts[0], "upper", rest),
            "tmp" => System.IO.Path.Combine(disk, "tmp", rest),
            _ => null,
        };
    }

    /// <summary>The handler to assign to <see cref="FakeArmServer.GuestHandler"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="cancellationToken">Cancelled when the run command is replaced, deleted or times out: the script is then killed.</param>
    /// <returns>The script's exit code, output and error.</returns>
    public async Task<GuestResult> HandleAsync(GuestCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!string.Equals(command.OsType, "Linux", StringComparison.OrdinalIgnoreCase))
        {
            return new GuestResult(127, string.Empty, $"{nameof(LinuxShellGuest)} runs Linux VMs only; {command.VmName} is {command.OsType}.\n");
        }

        var machine = await BootAsync(command.ResourceGroup, command.VmName, command.AdminUsername, cancellationToken).ConfigureAwait(false);

        // As the handler does: the script goes to a file of its own, and runs there.
        var folder = System.IO.Path.Combine(machine.Disk, "run-command", Safe(command.RunCommandName), Interlocked.Increment(ref _sequence).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var script = System.IO.Path.Combine(folder, "script.sh");
        await File.WriteAllTextAsync(script, command.Script, cancellationToken).ConfigureAwait(false);

        var start = Start("/usr/bin/nsenter", ["--target", machine.Pid.ToString(CultureInfo.InvariantCulture), "--mount", "--wd=" + folder, "--", "/bin/bash", script]);
        start.WorkingDirectory = folder;
        foreach (var (name, value) in command.Parameters)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("nsenter did not start.");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new GuestResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }

    /// <summary>
    /// Provisions a Linux VM while the fake creates it, as Azure does (its namespace and admin user), in the background;
    /// its first script waits for that (and boots it itself when this was not called). Wire it to
    /// <see cref="FakeArmServer.OnVirtualMachineCreating"/>. A failure surfaces at the VM's first script.
    /// </summary>
    /// <param name="machine">The VM being created.</param>
    public void Provision(GuestMachine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        if (string.Equals(machine.OsType, "Linux", StringComparison.OrdinalIgnoreCase))
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    await BootAsync(machine.ResourceGroup, machine.VmName, machine.AdminUsername, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException or ObjectDisposedException or System.ComponentModel.Win32Exception)
                {
                    // The VM's first script boots it again and reports why.
                }
            });
        }
    }

    /// <summary>Removes a VM as its deletion does: every process in it is killed and its disk deleted.</summary>
    /// <param name="resourceGroup">The VM's group.</param>
    /// <param name="vmName">The VM.</param>
    public void RemoveMachine(string resourceGroup, string vmName)
    {
        if (_machines.TryRemove(Key(resourceGroup, vmName), out var machine))
        {
            // A boot in progress finishes first, so that what it started is removed too.
            machine.Gate.Wait();
            try
            {
                machine.Removed = true;
                Remove(machine);
            }
            finally
            {
                machine.Gate.Release();
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        foreach (var key in _machines.Keys)
        {
            var parts = key.Split('/', 2);
            RemoveMachine(parts[0], parts[1]);
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private static string Key(string group, string vm) => $"{group}/{vm}";

    private static string Safe(string name) =>
        new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    private static ProcessStartInfo Start(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        start.Environment["PATH"] = Path;
        return start;
    }

    private async Task<Machine> BootAsync(string resourceGroup, string vmName, string? adminUsername, CancellationToken cancellationToken)
    {
        var key = Key(resourceGroup, vmName);
        var machine = _machines.GetOrAdd(key, _ => new Machine(DiskOf(resourceGroup, vmName)));
        await machine.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (machine.Removed)
            {
                throw new InvalidOperationException($"The fake VM {key} was deleted.");
            }

            if (machine.Holder is { HasExited: false })
            {
                return machine;
            }

            Directory.CreateDirectory(machine.Disk);
            var start = Start("/usr/bin/unshare", ["--mount", "--propagation", "private", "--", "/bin/sh", "-c", Boot, "sh", machine.Disk, adminUsername ?? string.Empty]);
            var holder = Process.Start(start) ?? throw new InvalidOperationException("unshare did not start.");
            var line = await holder.StandardOutput.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line != "netperf-vm-booted")
            {
                var error = await holder.StandardError.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
                holder.Kill();
                holder.Dispose();
                throw new InvalidOperationException($"The fake VM {key} did not boot (needs root and overlayfs): {error.Trim()}");
            }

            machine.Holder = holder;
            machine.Pid = holder.Id;
            machine.Namespace = ReadLink($"/proc/{holder.Id}/ns/mnt");
            return machine;
        }
        finally
        {
            machine.Gate.Release();
        }
    }

    private static void Remove(Machine machine)
    {
        if (machine.Namespace is { } ns)
        {
            // Every process in the VM's mount namespace: the holder, scripts still running, what they left running.
            foreach (var entry in Directory.EnumerateDirectories("/proc"))
            {
                var name = System.IO.Path.GetFileName(entry);
                if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && ReadLink($"/proc/{name}/ns/mnt") == ns)
                {
                    try
                    {
                        using var process = Process.GetProcessById(pid);
                        process.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // Gone already.
                    }
                }
            }
        }

        if (machine.Holder is { } holder)
        {
            holder.WaitForExit();
            holder.Dispose();
        }

        if (Directory.Exists(machine.Disk))
        {
            // Overlay whiteouts are device nodes and files belong to the VM's users: rm handles both.
            using var rm = Process.Start(Start("/bin/rm", ["-rf", "--", machine.Disk]))!;
            rm.StandardInput.Close();
            rm.WaitForExit();
        }

        // The group's folder goes with its last VM.
        var group = System.IO.Path.GetDirectoryName(machine.Disk)!;
        try
        {
            if (Directory.Exists(group) && !Directory.EnumerateFileSystemEntries(group).Any())
            {
                Directory.Delete(group);
            }
        }
        catch (IOException)
        {
            // Another VM of the group is being made at this moment: its folder stays.
        }
    }

    private static string? ReadLink(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed class Machine(string disk)
    {
        public string Disk { get; } = disk;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Process? Holder { get; set; }

        public int Pid { get; set; }

        public string? Namespace { get; set; }

        public bool Removed { get; set; }
    }
}
