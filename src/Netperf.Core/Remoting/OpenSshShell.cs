using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Remoting;

/// <summary>
/// Runs commands on a machine through the OpenSSH client (<c>ssh</c>, <c>scp</c>): key authentication only
/// (<c>BatchMode=yes</c>), the host key pinned in a known_hosts file (<see cref="HostKeyPolicy.Strict"/> by default), one multiplexed connection per shell
/// (a private control socket, closed and removed on dispose). A timeout or cancellation kills the command's
/// process group on the far side, then the local client. With <see cref="RemoteShellFlavor.PowerShell"/> the
/// commands run in PowerShell 7 on the far side.
/// </summary>
public sealed class OpenSshShell : IRemoteShell
{
    private readonly OpenSshTarget _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private string? _privateFolder;

    /// <summary>For tests: the private folder (control socket, private known_hosts), once a command ran.</summary>
    internal string? PrivateFolderPath => _privateFolder;
    private bool _hostKeyPinned;
    private bool _disposed;

    /// <summary>Creates a shell; nothing connects until the first command.</summary>
    /// <param name="target">Where and how to connect.</param>
    /// <param name="logger">Where commands are logged (secrets redacted); none by default.</param>
    /// <param name="timeProvider">The clock for timeouts and durations; <see cref="TimeProvider.System"/> by default.</param>
    public OpenSshShell(OpenSshTarget target, ILogger<OpenSshShell>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(target.Host);
        if (target.ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(target), target.ConnectTimeout, "OpenSshTarget.ConnectTimeout must be positive.");
        }

        if (target.HostKeyPolicy == HostKeyPolicy.Strict && string.IsNullOrWhiteSpace(target.KnownHostsFile))
        {
            throw new ArgumentException(
                $"OpenSshTarget.KnownHostsFile must name a known_hosts file that pins the host key of {target.Host} (HostKeyPolicy.Strict, the default). " +
                "Take the key from the machine's provider or console, not from the network; set HostKeyPolicy.AcceptNewThenStrict only to trust whichever key answers first.",
                nameof(target));
        }

        _target = target;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _hostKeyPinned = target.HostKeyPolicy == HostKeyPolicy.Strict;
    }

    /// <inheritdoc />
    public string Description => _target.ToString();

    /// <summary>Where and how this shell connects.</summary>
    public OpenSshTarget Target => _target;

    private bool UseMultiplexing => _target.Multiplex && !OperatingSystem.IsWindows();

    /// <inheritdoc />
    public async Task<RemoteCommandResult> RunAsync(RemoteCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        var arguments = SshArguments();
        arguments.Add("--");
        arguments.Add(_target.Host);
        arguments.Add(OpenSshArguments.RemoteText(_target.Flavor, command.Text));
        if (_target.Flavor == RemoteShellFlavor.Native)
        {
            // Nothing reports the far side's process, so a stop ends the local client alone.
            var untracked = new ProcessRunner(_time, _logger, Description);
            return PinHostKey(await untracked.RunAsync(CreateStartInfo(SshPath, arguments), command, cancellationToken).ConfigureAwait(false));
        }

        var marker = OpenSshArguments.Marker(_target.Flavor);
        var remotePid = 0;
        var pidKnown = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new ProcessRunner(_time, _logger, Description)
        {
            ErrorLineFilter = line =>
            {
                if (Volatile.Read(ref remotePid) == 0 && line.StartsWith(marker, StringComparison.Ordinal)
                    && int.TryParse(line.AsSpan(marker.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    Volatile.Write(ref remotePid, pid);
                    pidKnown.TrySetResult();
                    return false;
                }

                return true;
            },
            StopRemoteAsync = async (exited, token) =>
            {
                // A stop that comes before the command reported its process group waits for the report (or for the
                // client to give up connecting): otherwise a command that starts just after the stop would survive it.
                using var wait = new CancellationTokenSource(_target.ConnectTimeout + TimeSpan.FromSeconds(5), _time);
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(wait.Token, token);
                try
                {
                    await Task.WhenAny(pidKnown.Task, exited).WaitAsync(linked.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (wait.IsCancellationRequested)
                {
                    // Never reported: the command never started, or the connection hangs; the client is killed next.
                }

                await StopRemoteAsync(Volatile.Read(ref remotePid), token).ConfigureAwait(false);
            },
        };

        return PinHostKey(await runner.RunAsync(CreateStartInfo(SshPath, arguments), command, cancellationToken).ConfigureAwait(false));
    }

    private RemoteCommandResult PinHostKey(RemoteCommandResult result)
    {
        if (result.ExitCode != 255 && !result.TimedOut)
        {
            // ssh exits 255 only for its own errors; anything else means the host key was accepted and pinned.
            _hostKeyPinned = true;
        }

        return result;
    }

    /// <inheritdoc />
    public Task CopyToAsync(string localPath, string remotePath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        return CopyAsync(localPath, OpenSshArguments.ScpRemote(_target, remotePath), $"{localPath} to {Description}:{remotePath}", cancellationToken);
    }

    /// <inheritdoc />
    public Task CopyFromAsync(string remotePath, string localPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(remotePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        return CopyAsync(OpenSshArguments.ScpRemote(_target, remotePath), localPath, $"{Description}:{remotePath} to {localPath}", cancellationToken);
    }

    /// <summary>Closes the shared connection and removes the control socket and the private known_hosts file.</summary>
    /// <returns>A task that completes when the connection is closed.</returns>
    public async ValueTask DisposeAsync()
    {
        string? folder;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            folder = _privateFolder;
        }

        if (folder is null)
        {
            return;
        }

        if (UseMultiplexing && Directory.EnumerateFileSystemEntries(folder, "cm-*").Any())
        {
            RemotingLog.ClosingMaster(_logger, Description);
            var pid = await ExitMasterAsync(folder).ConfigureAwait(false);
            if (pid > 0)
            {
                await WaitForExitAsync(pid).ConfigureAwait(false);
            }
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    internal static int ParseMasterPid(string text)
    {
        // "Master running (pid=1234)"
        var start = text.IndexOf("pid=", StringComparison.Ordinal);
        if (start < 0)
        {
            return 0;
        }

        var digits = new string(text.AsSpan(start + 4).ToArray().TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
    }

    /// <summary>
    /// Asks the master to exit and returns its pid (0: none ran): through its control socket in this process, else (it
    /// did not answer as OpenSSH's master does) with <c>ssh -O check</c> for the pid and <c>ssh -O exit</c>.
    /// </summary>
    private async Task<int> ExitMasterAsync(string folder)
    {
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10), _time))
        {
            try
            {
                if (await SshMuxControl.ExitAsync(ControlPath(folder), limit.Token).ConfigureAwait(false) is { } pid)
                {
                    return pid;
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                // No answer in time: ssh below tries once more, bounded on its own.
            }
        }

        var master = await ControlAsync(folder, "check").ConfigureAwait(false);
        await ControlAsync(folder, "exit").ConfigureAwait(false);
        return ParseMasterPid(master.StandardError + master.StandardOutput);
    }

    private async Task<RemoteCommandResult> ControlAsync(string folder, string operation)
    {
        var arguments = OpenSshArguments.Ssh(_target, KnownHosts(folder), _hostKeyPinned, ControlPath(folder));
        arguments.AddRange(["-O", operation, "--", _target.Host]);
        var runner = new ProcessRunner(_time, _logger, Description);
        return await runner.RunAsync(CreateStartInfo(SshPath, arguments), new RemoteCommand { Text = "ssh -O " + operation, Timeout = TimeSpan.FromSeconds(10) }, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task WaitForExitAsync(int pid)
    {
        // The master acknowledges "exit" before it is gone; wait (bounded) so nothing of the shell outlives DisposeAsync.
        // The master is not our child (ssh forks it into the background), so once it has exited it stays a zombie
        // until init reaps it, which can take a second or more: a zombie holds no connection and counts as gone.
        try
        {
            using var master = Process.GetProcessById(pid);
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5), _time);
            try
            {
                while (!HasEnded(master))
                {
                    // This polls the kernel's process table, so on the system clock; the limit follows the shell's clock.
                    await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, limit.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                ProcessRunner.KillTree(master);
            }
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    private static bool HasEnded(Process process)
    {
        if (OperatingSystem.IsLinux())
        {
            return ProcessIdentity.StatFields(process.Id) is not { } fields || fields[0] is "Z" or "X";
        }

        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private string SshPath => _target.SshPath ?? "ssh";

    private string ScpPath => _target.ScpPath ?? "scp";

    // One target per shell and one folder per shell: a fixed socket name keeps the path short (a Unix socket path has at
    // most 107 bytes; %C alone is 40) and the control commands find it without naming host, port and user exactly.
    private static string ControlPath(string folder) => SessionFolder.ControlSocket(folder);

    private List<string> SshArguments()
    {
        var folder = PrivateFolder();
        return OpenSshArguments.Ssh(_target, KnownHosts(folder), _hostKeyPinned, UseMultiplexing ? ControlPath(folder) : null);
    }

    private string KnownHosts(string folder) => _target.KnownHostsFile ?? Path.Combine(folder, "known_hosts");

    private string PrivateFolder()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_privateFolder is null)
            {
                var root = Path.GetFullPath(NetperfPaths.StateRoot());
                // The name says whose it is before it exists: the janitor removes it once this process is gone.
                _privateFolder = NetperfPaths.EnsurePrivateFolder(Path.Combine(root, SessionFolder.Parent, SessionFolder.NewName()), root);
            }

            return _privateFolder;
        }
    }

    private async Task StopRemoteAsync(int pid, CancellationToken cancellationToken)
    {
        if (pid <= 0)
        {
            return;
        }

        var arguments = SshArguments();
        arguments.Add("--");
        arguments.Add(_target.Host);
        arguments.Add(OpenSshArguments.StopText(_target.Flavor, pid));
        var runner = new ProcessRunner(_time, _logger, Description);
        var stop = new RemoteCommand { Text = "kill", DisplayName = "stop remote process " + pid.ToString(CultureInfo.InvariantCulture), Timeout = TimeSpan.FromSeconds(10) };
        await runner.RunAsync(CreateStartInfo(SshPath, arguments), stop, cancellationToken).ConfigureAwait(false);
    }

    private async Task CopyAsync(string source, string destination, string display, CancellationToken cancellationToken)
    {
        var folder = PrivateFolder();
        var arguments = OpenSshArguments.Scp(_target, KnownHosts(folder), _hostKeyPinned, UseMultiplexing ? ControlPath(folder) : null);
        arguments.Add("--");
        arguments.Add(source);
        arguments.Add(destination);
        RemotingLog.Copying(_logger, Description, source, destination);
        var runner = new ProcessRunner(_time, _logger, Description);
        var copy = new RemoteCommand { Text = "scp", DisplayName = "scp " + display, Timeout = _target.CopyTimeout };
        var result = await runner.RunAsync(CreateStartInfo(ScpPath, arguments), copy, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            throw new IOException(
                $"Copying {display} failed ({(result.TimedOut ? "timed out after " + _target.CopyTimeout : "scp exit code " + result.ExitCode)}): {result.StandardError.Trim()} "
                + "Check that both paths exist and that the session works (run a command first).");
        }

        _hostKeyPinned = true;
    }

    private static ProcessStartInfo CreateStartInfo(string fileName, List<string> arguments)
    {
        var startInfo = new ProcessStartInfo { FileName = fileName };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }
}
