using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Local.Internal;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local;

/// <summary>
/// A private OpenSSH server on a free loopback port, run as the current user (no root needed): its own config,
/// host key, authorized_keys and pid file in one private folder. Key logins only. It counts as started once sshd has
/// written its pid file, which sshd does only after it bound its port: a port that another program took between the
/// pick and sshd's bind makes sshd exit, and the start tries another port. Disposing it kills the server and every
/// session it serves, waits until each of those processes is gone (by pid and start time), and deletes the folder.
/// </summary>
public sealed class PrivateSshServer : IAsyncDisposable
{
    private const int Attempts = 3;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Process? _process;
    private readonly LoopbackPorts _ports;
    private int _stopped;

    private PrivateSshServer(string folder, IPAddress address, int port, Process process, long startTicks, string sshdPath, string hostPublicKey, LoopbackPorts ports, ILogger logger, TimeProvider time)
    {
        _ports = ports;
        Folder = folder;
        Address = address;
        Port = port;
        _process = process;
        ProcessId = process.Id;
        ProcessStartTicks = startTicks;
        SshdPath = sshdPath;
        HostPublicKey = hostPublicKey;
        _logger = logger;
        _time = time;
    }

    /// <summary>The server's private folder (config, host key, authorized_keys, pid file, log).</summary>
    public string Folder { get; }

    /// <summary>The loopback address the server listens on.</summary>
    public IPAddress Address { get; }

    /// <summary>The port the server listens on.</summary>
    public int Port { get; }

    /// <summary>The server's process id.</summary>
    public int ProcessId { get; }

    /// <summary>The server's start time (clock ticks since boot, <c>/proc/&lt;pid&gt;/stat</c> field 22): with the pid, its identity.</summary>
    internal long ProcessStartTicks { get; }

    /// <summary>The sshd binary the server runs (its command line starts with it).</summary>
    internal string SshdPath { get; }

    /// <summary>The user that logs in (the current user).</summary>
    public static string UserName => Environment.UserName;

    /// <summary>The server's host public key (<c>ssh-ed25519 AAAA... comment</c>).</summary>
    public string HostPublicKey { get; }

    /// <summary>The server's config file; it also identifies the process (its command line names it).</summary>
    public string ConfigFile => SshdProcess.ConfigFile(Folder);

    /// <summary>The authorized_keys file the server reads.</summary>
    public string AuthorizedKeysFile => Path.Combine(Folder, "authorized_keys");

    /// <summary>The server's host public key file.</summary>
    public string HostPublicKeyFile => Path.Combine(Folder, "host_ed25519_key.pub");

    /// <summary>The known_hosts line that pins this server: <c>[address]:port key</c>.</summary>
    public string KnownHostsLine => $"[{Address}]:{Port} {HostPublicKey}";

    /// <summary>Starts a server whose files live in <paramref name="folder"/> (created with mode 0700).</summary>
    /// <param name="folder">
    /// The private folder; it should not exist yet or be empty. It must be a real folder of the current user, and no
    /// folder above it may be writable by other users (sshd's StrictModes checks them all, so not under <c>/tmp</c>).
    /// </param>
    /// <param name="options">How to start it; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where start and stop are logged.</param>
    /// <param name="timeProvider">The clock for the start timeout.</param>
    /// <param name="cancellationToken">Cancels the start; a cancelled start leaves no process.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">The folder is not private, sshd would refuse its keys, or sshd did not start.</exception>
    public static Task<PrivateSshServer> StartAsync(string folder, PrivateSshServerOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default) =>
        StartAsync(folder, options, logger, timeProvider, launched: null, ports: null, cancellationToken);

    /// <summary>
    /// Starts a server; <paramref name="launched"/> hears the pid and start time of each sshd right after its launch;
    /// <paramref name="ports"/> hands out its port (<see cref="LoopbackPorts.Shared"/> when <see langword="null"/>).
    /// </summary>
    internal static async Task<PrivateSshServer> StartAsync(string folder, PrivateSshServerOptions? options, ILogger? logger, TimeProvider? timeProvider, Action<int, long>? launched, LoopbackPorts? ports, CancellationToken cancellationToken)
    {
        ports ??= LoopbackPorts.Shared;
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        options ??= new PrivateSshServerOptions();
        logger ??= NullLogger.Instance;
        var time = timeProvider ?? TimeProvider.System;
        if (!IPAddress.TryParse(options.ListenAddress, out var address) || !IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"PrivateSshServerOptions.ListenAddress '{options.ListenAddress}' is not a loopback address; use 127.0.0.1 or ::1.", nameof(options));
        }

        var sshd = LocalTools.FindSshd(options.SshdPath)
            ?? throw new InvalidOperationException("No sshd binary was found (searched PATH, /usr/sbin, /usr/local/sbin, /sbin). Install openssh-server or set the sshd path.");
        folder = NetperfPaths.EnsurePrivateFolder(Path.GetFullPath(folder));
        PrivateFolder.EnsureSshdAccepts(folder);
        var hostKey = Path.Combine(folder, "host_ed25519_key");
        if (!File.Exists(hostKey))
        {
            await LocalTools.GenerateKeyAsync(options.SshKeygenPath, hostKey, "netperf-private-sshd", time, logger, cancellationToken).ConfigureAwait(false);
        }

        if (!File.Exists(Path.Combine(folder, "authorized_keys")))
        {
            NetperfPaths.WritePrivateFile(Path.Combine(folder, "authorized_keys"), string.Empty);
        }

        EnsurePrivilegeSeparationFolder();
        var hostPublicKey = (await File.ReadAllTextAsync(hostKey + ".pub", cancellationToken).ConfigureAwait(false)).Trim();
        string? lastReason = null;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var port = ports.Reserve(address);
            NetperfPaths.WritePrivateFile(SshdProcess.ConfigFile(folder), SshdConfig.Render(folder, address.ToString(), port, UserName, options.SessionEnvironment, options.PowerShellPath));

            // sshd writes its pid file after it bound its port: an old one would be taken for a listening sshd.
            File.Delete(SshdProcess.PidFile(folder));
            Process process;
            try
            {
                process = Launch(sshd, folder);
            }
            catch
            {
                ports.Release(address, port);
                throw;
            }

            var startTicks = ProcessIdentity.StartTicks(process.Id) ?? 0;
            try
            {
                launched?.Invoke(process.Id, startTicks);
                lastReason = await WaitUntilListeningAsync(process, port, options.StartTimeout, time, folder, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await AbandonAsync(process, startTicks, port).ConfigureAwait(false);
                throw;
            }

            if (lastReason is null)
            {
                LocalLog.SshdStarted(logger, process.Id, address.ToString(), port, folder);
                return new PrivateSshServer(folder, address, port, process, startTicks, sshd, hostPublicKey, ports, logger, time);
            }

            // Another program took the port between the pick and sshd's bind (sshd says so in its log), or sshd failed.
            LocalLog.SshdStartFailed(logger, port, attempt, lastReason);
            await AbandonAsync(process, startTicks, port).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"The private sshd did not start after {Attempts} attempts: {lastReason} Check '{SshdProcess.LogFile(folder)}'.");

        // An sshd that did not start: stopped with its sessions, and only then its port handed back.
        async Task AbandonAsync(Process process, long startTicks, int port)
        {
            await StopProcessAsync(process.Id, startTicks, sshd, folder, time, CancellationToken.None, process).ConfigureAwait(false);
            process.Dispose();
            ports.Release(address, port);
        }
    }

    /// <summary>Adds a public key to the server's authorized_keys (once; adding it again changes nothing).</summary>
    /// <param name="publicKeyLine">The public key line (<c>ssh-ed25519 AAAA... comment</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the key is authorized.</returns>
    public async Task AuthorizeKeyAsync(string publicKeyLine, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKeyLine);
        var line = publicKeyLine.Trim();
        var existing = File.Exists(AuthorizedKeysFile) ? await File.ReadAllLinesAsync(AuthorizedKeysFile, cancellationToken).ConfigureAwait(false) : [];
        if (!existing.Contains(line, StringComparer.Ordinal))
        {
            NetperfPaths.WritePrivateFile(AuthorizedKeysFile, string.Concat(existing.Append(line).Select(l => l + "\n")));
        }
    }

    /// <summary>Stops the server and its sessions, verifies each of their processes is gone, and deletes the folder.</summary>
    /// <returns>A task that completes when nothing of the server is left.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        var sessions = await StopProcessAsync(ProcessId, ProcessStartTicks, SshdPath, Folder, _time, CancellationToken.None, _process).ConfigureAwait(false);
        _process?.Dispose();

        // Only now, with no process of the server left, may another server of this process be given the port.
        _ports.Release(Address, Port);
        LocalLog.SshdStopped(_logger, ProcessId, sessions, Port);
        DeleteFolder(Folder);
    }

    /// <summary>
    /// Stops a private sshd found by pid (also one started by another process), only when it is provably the sshd of
    /// <paramref name="folder"/>: run by this user, from <paramref name="sshdPath"/>, with exactly its launch command line, and
    /// started at <paramref name="startTicks"/> (or when it is <paramref name="own"/>, the child this process started). Anything
    /// else (a recycled pid, another program) is left alone. Waits until it and its sessions (its descendants when it was
    /// killed, each by pid and start time) are gone; its port is then closed, whoever takes the port next. Returns how many
    /// sessions it had.
    /// </summary>
    internal static async Task<int> StopProcessAsync(int pid, long startTicks, string sshdPath, string folder, TimeProvider time, CancellationToken cancellationToken, Process? own = null)
    {
        // The sessions are noted with the kill: once sshd is gone they are init's children, no longer found under it.
        IReadOnlyList<(int Pid, long StartTicks)> sessions = [];
        var killed = false;
        if (own is not null && !own.HasExited)
        {
            if (ProcessIdentity.IsSupported)
            {
                sessions = LocalTools.KillTree(pid, startTicks);
            }
            else
            {
                ProcessRunner.KillTree(own);
            }

            killed = true;
        }
        else if (SshdProcess.IsOurs(pid, sshdPath, folder, startTicks))
        {
            sessions = LocalTools.KillTree(pid, startTicks);
            killed = true;
        }

        if (!killed)
        {
            return 0;
        }

        // Gone means exited (a zombie or reaped), not "no longer looks like sshd": a process in the middle of its exit has
        // already lost its command line (so it no longer matches) while it still holds its sockets and its pid.
        var processes = sessions.Prepend((pid, startTicks)).ToList();
        var deadline = time.GetTimestamp();
        while (processes.Any(p => ProcessIdentity.IsAlive(p.Item1, p.Item2)) || own is { HasExited: false })
        {
            if (time.GetElapsedTime(deadline) > TimeSpan.FromSeconds(10))
            {
                var left = processes.Where(p => ProcessIdentity.IsAlive(p.Item1, p.Item2)).Select(p => p.Item1).DefaultIfEmpty(pid);
                throw new InvalidOperationException($"The private sshd {pid} or its sessions did not stop within 10 seconds; kill them by hand (kill -9 {string.Join(' ', left)}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
        }

        return sessions.Count;
    }

    internal static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private static Process Launch(string sshd, string folder)
    {
        // -D: stay in the foreground as our child (so it is reaped); -E: log to a file, so no pipe of ours is held.
        var startInfo = new ProcessStartInfo
        {
            FileName = sshd,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in SshdProcess.Arguments(folder))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"'{sshd}' did not start.");
        process.StandardInput.Close();
        process.StandardOutput.Close();
        process.StandardError.Close();
        return process;
    }

    /// <summary>
    /// Waits until the sshd <paramref name="process"/> wrote its pid into its pid file, which sshd does only after it bound its
    /// listening socket. Not a connection to the port: whatever listens there may be another program that took the port
    /// before sshd could (then sshd exits, "Address already in use"). Returns why it did not start, or null.
    /// </summary>
    private static async Task<string?> WaitUntilListeningAsync(Process process, int port, TimeSpan timeout, TimeProvider time, string folder, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var pidFile = SshdProcess.PidFile(folder);
        var log = SshdProcess.LogFile(folder);
        while (true)
        {
            if (process.HasExited)
            {
                var text = File.Exists(log) ? (await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false)).Trim() : string.Empty;
                return $"sshd exited with {process.ExitCode}: {text}";
            }

            if (SshdProcess.ReadPidFile(folder) == process.Id)
            {
                return null;
            }

            if (time.GetElapsedTime(started) > timeout)
            {
                return $"sshd did not accept connections on port {port} within {timeout}.";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void EnsurePrivilegeSeparationFolder()
    {
        // Run as root, sshd insists on its privilege-separation folder; an ordinary user does not need it.
        if (OperatingSystem.IsLinux() && UserName == "root" && !Directory.Exists("/run/sshd"))
        {
            Directory.CreateDirectory("/run/sshd", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }
}
