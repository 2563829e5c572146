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

    private PrivateSshServer(string folder, IPAddress address, int port, Process process, string hostPublicKey, ILogger logger, TimeProvider time)
    {
        Folder = folder;
        Address = address;
        Port = port;
        _process = process;
        ProcessId = process.Id;
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

    /// <summary>The user that logs in (the current user).</summary>
    public static string UserName => Environment.UserName;

    /// <summary>The server's host public key (<c>ssh-ed25519 AAAA... comment</c>).</summary>
    public string HostPublicKey { get; }

    /// <summary>The server's config file; it also identifies the process (its command line names it).</summary>
    public string ConfigFile => Path.Combine(Folder, "sshd_config");

    /// <summary>The authorized_keys file the server reads.</summary>
    public string AuthorizedKeysFile => Path.Combine(Folder, "authorized_keys");

    /// <summary>The server's host public key file.</summary>
    public string HostPublicKeyFile => Path.Combine(Folder, "host_ed25519_key.pub");

    /// <summary>The known_hosts line that pins this server: <c>[address]:port key</c>.</summary>
    public string KnownHostsLine => $"[{Address}]:{Port} {HostPublicKey}";

    /// <summary>Starts a server whose files live in <paramref name="folder"/> (created with mode 0700).</summary>
    /// <param name="folder">The private folder; it should not exist yet or be empty.</param>
    /// <param name="options">How to start it; defaults when <see langword="null"/>.</param>
    /// <param name="logger">Where start and stop are logged.</param>
    /// <param name="timeProvider">The clock for the start timeout.</param>
    /// <param name="cancellationToken">Cancels the start; a cancelled start leaves no process.</param>
    /// <returns>The running server.</returns>
    public static async Task<PrivateSshServer> StartAsync(string folder, PrivateSshServerOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
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
            var config = Path.Combine(folder, "sshd_config");
            NetperfPaths.WritePrivateFile(config, SshdConfig.Render(folder, address.ToString(), port, UserName, options.SessionEnvironment));
            var process = Launch(sshd, config, Path.Combine(folder, "sshd.log"));
            try
            {
                lastReason = await WaitUntilListeningAsync(process, address, port, options.StartTimeout, time, Path.Combine(folder, "sshd.log"), cancellationToken).ConfigureAwait(false);
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
                return new PrivateSshServer(folder, address, port, process, hostPublicKey, logger, time);
            }

            LocalLog.SshdStartFailed(logger, port, attempt, lastReason);
            ProcessRunner.KillTree(process);
            process.Dispose();
        }

        throw new InvalidOperationException($"The private sshd did not start after {Attempts} attempts: {lastReason} Check '{Path.Combine(folder, "sshd.log")}'.");
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

        await StopProcessAsync(ProcessId, ConfigFile, Address, Port, _time, CancellationToken.None).ConfigureAwait(false);
        _process?.Dispose();
        LocalLog.SshdStopped(_logger, ProcessId, Port);
        DeleteFolder(Folder);
    }

    /// <summary>
    /// Stops a private sshd found by pid (also one started by another process): only when its command line names
    /// <paramref name="configFile"/>, so a recycled pid is never killed. Waits until it and its sessions are gone.
    /// </summary>
    internal static async Task StopProcessAsync(int pid, string configFile, IPAddress address, int port, TimeProvider time, CancellationToken cancellationToken)
    {
        if (pid > 0 && LocalTools.CommandLineContains(pid, configFile))
        {
            LocalTools.KillTree(pid);
        }

        var deadline = time.GetTimestamp();
        while (pid > 0 && LocalTools.CommandLineContains(pid, configFile) && LocalTools.IsAlive(pid))
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

    private static Process Launch(string sshd, string config, string log)
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
        foreach (var argument in new[] { "-D", "-E", log, "-f", config })
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
