using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Local.Internal;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local;

/// <summary>
/// A private OpenSSH server on a free loopback port, run as the current user (no root needed): its own config,
/// host key, authorized_keys and pid file in one private folder. Key logins only. Disposing it kills the server
/// and every session it serves, waits until they are gone and the port is free, and deletes the folder.
/// </summary>
public sealed class PrivateSshServer : IAsyncDisposable
{
    private const int Attempts = 3;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Process? _process;
    private int _stopped;

    private PrivateSshServer(string folder, IPAddress address, int port, Process process, long startTicks, string sshdPath, string hostPublicKey, ILogger logger, TimeProvider time)
    {
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
        StartAsync(folder, options, logger, timeProvider, launched: null, cancellationToken);

    /// <summary>Starts a server; <paramref name="launched"/> hears the pid and start time of each sshd right after its launch.</summary>
    internal static async Task<PrivateSshServer> StartAsync(string folder, PrivateSshServerOptions? options, ILogger? logger, TimeProvider? timeProvider, Action<int, long>? launched, CancellationToken cancellationToken)
    {
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
            var port = LocalTools.FreeLoopbackPort(address);
            NetperfPaths.WritePrivateFile(SshdProcess.ConfigFile(folder), SshdConfig.Render(folder, address.ToString(), port, UserName, options.SessionEnvironment, options.PowerShellPath));
            var process = Launch(sshd, folder);
            var startTicks = ProcessIdentity.StartTicks(process.Id) ?? 0;
            try
            {
                launched?.Invoke(process.Id, startTicks);
                lastReason = await WaitUntilListeningAsync(process, address, port, options.StartTimeout, time, SshdProcess.LogFile(folder), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                ProcessRunner.KillTree(process);
                process.Dispose();
                throw;
            }

            if (lastReason is null)
            {
                LocalLog.SshdStarted(logger, process.Id, address.ToString(), port, folder);
                return new PrivateSshServer(folder, address, port, process, startTicks, sshd, hostPublicKey, logger, time);
            }

            LocalLog.SshdStartFailed(logger, port, attempt, lastReason);
            ProcessRunner.KillTree(process);
            process.Dispose();
        }

        throw new InvalidOperationException($"The private sshd did not start after {Attempts} attempts: {lastReason} Check '{SshdProcess.LogFile(folder)}'.");
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

    /// <summary>Stops the server and its sessions, verifies they are gone and the port is free, and deletes the folder.</summary>
    /// <returns>A task that completes when nothing of the server is left.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (_process is not null && !_process.HasExited)
        {
            // Our own child, through the handle that started it.
            ProcessRunner.KillTree(_process);
        }

        await StopProcessAsync(ProcessId, ProcessStartTicks, SshdPath, Folder, Address, Port, _time, CancellationToken.None).ConfigureAwait(false);
        _process?.Dispose();
        LocalLog.SshdStopped(_logger, ProcessId, Port);
        DeleteFolder(Folder);
    }

    /// <summary>
    /// Stops a private sshd found by pid (also one started by another process), only when it is provably the sshd of
    /// <paramref name="folder"/>: run by this user, from <paramref name="sshdPath"/>, with exactly its launch command line, and
    /// started at <paramref name="startTicks"/>. Anything else (a recycled pid, another program) is left alone. Waits until
    /// it and its sessions are gone and the port is free.
    /// </summary>
    internal static async Task StopProcessAsync(int pid, long startTicks, string sshdPath, string folder, IPAddress address, int port, TimeProvider time, CancellationToken cancellationToken)
    {
        if (SshdProcess.IsOurs(pid, sshdPath, folder, startTicks))
        {
            LocalTools.KillTree(pid);
        }

        var deadline = time.GetTimestamp();
        while (SshdProcess.IsOurs(pid, sshdPath, folder, startTicks))
        {
            if (time.GetElapsedTime(deadline) > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"The private sshd {pid} did not stop within 10 seconds; kill it by hand (kill -9 {pid}).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }

        while (port > 0 && !LocalTools.PortIsFree(address, port))
        {
            if (time.GetElapsedTime(deadline) > TimeSpan.FromSeconds(10))
            {
                throw new InvalidOperationException($"Port {port} on {address} is still in use after the private sshd stopped; find its owner with 'ss -ltnp'.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
        }
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

    private static async Task<string?> WaitUntilListeningAsync(Process process, IPAddress address, int port, TimeSpan timeout, TimeProvider time, string log, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                var text = File.Exists(log) ? (await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false)).Trim() : string.Empty;
                return $"sshd exited with {process.ExitCode}: {text}";
            }

            if (await LocalTools.AcceptsAsync(address, port, cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            if (time.GetElapsedTime(started) > timeout)
            {
                return $"sshd did not accept connections on port {port} within {timeout}.";
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), time, cancellationToken).ConfigureAwait(false);
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
