using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Netperf.Testing.Databases;

/// <summary>
/// A private PostgreSQL 15 server for tests and benchmarks: <c>initdb</c> and <c>pg_ctl</c> from
/// <see cref="BinFolder"/> in a fresh folder under the temp folder, listening on 127.0.0.1 on a free port
/// (and its Unix socket in that folder only), with trust authentication for the <c>postgres</c> user. As root
/// the server runs as the <c>postgres</c> user (PostgreSQL refuses root) through <c>runuser</c>. Dispose stops it
/// (<c>pg_ctl stop -m fast</c>) and removes the folder. Call <c>Prerequisites.Ensure(Prerequisite.PostgreSql)</c> first.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>Where Debian's <c>postgresql</c> package puts the server programs.</summary>
    public const string BinFolder = "/usr/lib/postgresql/15/bin";

    private readonly string _folder;
    private bool _stopped;

    private PostgresServer(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    /// <summary>The TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The data folder.</summary>
    public string DataFolder => Path.Combine(_folder, "data");

    /// <summary>True when the server programs are installed (and, as root, the <c>postgres</c> user and <c>runuser</c> exist).</summary>
    public static bool IsInstalled =>
        OperatingSystem.IsLinux() && File.Exists(Path.Combine(BinFolder, "initdb")) && File.Exists(Path.Combine(BinFolder, "pg_ctl"))
        && (!IsRoot || (File.Exists("/usr/sbin/runuser") || File.Exists("/sbin/runuser")) && File.ReadAllText("/etc/passwd").Contains("\npostgres:", StringComparison.Ordinal));

    private static bool IsRoot => OperatingSystem.IsLinux() && geteuid() == 0;

    /// <summary>A connection string for a database on this server (user <c>postgres</c>, no password).</summary>
    /// <param name="database">The database; <c>postgres</c> by default.</param>
    /// <returns>The connection string.</returns>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Timeout=15";

    /// <summary>Creates the folder, initialises the cluster and starts the server; waits until it accepts connections.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var folder = Directory.CreateTempSubdirectory("netperf-pg-").FullName;
        var server = new PostgresServer(folder, FreePort());
        try
        {
            if (IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", folder], asPostgres: false, cancellationToken);
            }

            await RunAsync(Path.Combine(BinFolder, "initdb"), ["-D", server.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync", "--no-instructions"], IsRoot, cancellationToken);
            var settings = $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            await RunAsync(Path.Combine(BinFolder, "pg_ctl"), ["-D", server.DataFolder, "-o", settings, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"], IsRoot, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the server (fast shutdown) and removes its folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        try
        {
            if (File.Exists(Path.Combine(DataFolder, "postmaster.pid")))
            {
                await RunAsync(Path.Combine(BinFolder, "pg_ctl"), ["-D", DataFolder, "-m", "fast", "-w", "-t", "60", "stop"], IsRoot, CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string program, string[] arguments, bool asPostgres, CancellationToken cancellationToken)
    {
        var info = asPostgres ? new ProcessStartInfo("runuser") : new ProcessStartInfo(program);
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.RedirectStandardInput = true;
        info.WorkingDirectory = Path.GetTempPath();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} {string.Join(' ', arguments)} exited {process.ExitCode}:\n{await output}\n{await error}");
        }
    }

    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}
