using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Netperf.Core.Deployment.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Core.Deployment;

/// <summary>
/// Puts a built application folder (a test executable and its dependencies) on a machine so commands can run it
/// there. A machine that already sees the same files at the same path (the orchestrator itself, a shared disk)
/// uses them in place; otherwise the folder travels as one compressed archive through the machine's
/// <see cref="IRemoteShell"/> into <c>apps/&lt;content id&gt;</c> under Netperf's state folder on the machine,
/// once per content (a second deployment of unchanged files copies nothing). The copy lives as long as the
/// machine: temporary machines take it with them.
/// </summary>
public sealed class AppDeployer
{
    private readonly ILogger _logger;

    /// <summary>Creates a deployer.</summary>
    /// <param name="logger">Where deployments are logged; none when <see langword="null"/>.</param>
    public AppDeployer(ILogger<AppDeployer>? logger = null) => _logger = (ILogger?)logger ?? NullLogger.Instance;

    /// <summary>Time allowed for each remote step (probe, extraction); the copy itself is bounded by the shell.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Makes <paramref name="localFolder"/> available on <paramref name="machine"/>.</summary>
    /// <param name="machine">The machine (its OS family selects the shell syntax).</param>
    /// <param name="localFolder">The application folder on the orchestrator, for example <c>AppContext.BaseDirectory</c>.</param>
    /// <param name="forceCopy">Copy even when the machine sees the local folder itself.</param>
    /// <param name="cancellationToken">Stops the deployment; a partial copy is never marked complete.</param>
    /// <returns>Where the application is on the machine.</returns>
    /// <exception cref="DirectoryNotFoundException">The local folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">A remote step failed; the message carries its exit code and error output.</exception>
    public async Task<AppDeployment> DeployAsync(Machine machine, string localFolder, bool forceCopy = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentException.ThrowIfNullOrWhiteSpace(localFolder);
        var folder = AppFolder.Read(localFolder);
        var probe = await RunAsync(machine, DeploymentScripts.Probe(machine.OsFamily, folder.Path, folder.ContentId), "probe the application folder", cancellationToken).ConfigureAwait(false);
        var lines = probe.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var root = lines.FirstOrDefault(l => l.StartsWith(DeploymentScripts.RootPrefix, StringComparison.Ordinal))?[DeploymentScripts.RootPrefix.Length..]
            ?? throw new InvalidOperationException($"{machine.Name}: the deployment probe did not print Netperf's state folder; output: {Tail(probe.StandardOutput)}");
        if (!forceCopy && folder.Matches(lines))
        {
            DeploymentLog.InPlace(_logger, machine.Name, folder.Path);
            return new AppDeployment { Directory = folder.Path, Copied = false, ContentId = folder.ContentId, OsFamily = machine.OsFamily };
        }

        var target = DeploymentScripts.Join(machine.OsFamily, DeploymentScripts.Join(machine.OsFamily, root, "apps"), folder.ContentId);
        if (lines.Contains(DeploymentScripts.DeployedMarker, StringComparer.Ordinal))
        {
            DeploymentLog.AlreadyDeployed(_logger, machine.Name, folder.ContentId, target);
            return new AppDeployment { Directory = target, Copied = true, ContentId = folder.ContentId, OsFamily = machine.OsFamily };
        }

        var started = Stopwatch.GetTimestamp();
        var archive = Path.Combine(Path.GetTempPath(), $"netperf-app-{folder.ContentId}-{Guid.NewGuid():N}.tar.gz");
        try
        {
            await PackAsync(folder.Path, archive, cancellationToken).ConfigureAwait(false);
            var remoteArchive = $"{target}.{Guid.NewGuid():N}.tar.gz";
            await machine.Shell.CopyToAsync(archive, remoteArchive, cancellationToken).ConfigureAwait(false);
            await RunAsync(machine, DeploymentScripts.Extract(machine.OsFamily, target, remoteArchive), "unpack the application", cancellationToken).ConfigureAwait(false);
            DeploymentLog.Deployed(_logger, machine.Name, folder.ContentId, new FileInfo(archive).Length, target, Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            File.Delete(archive);
        }

        return new AppDeployment { Directory = target, Copied = true, ContentId = folder.ContentId, OsFamily = machine.OsFamily };
    }

    private static async Task PackAsync(string folder, string archive, CancellationToken cancellationToken)
    {
        var file = new FileStream(archive, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            var gzip = new GZipStream(file, CompressionLevel.Fastest);
            await using (gzip.ConfigureAwait(false))
            {
                await TarFile.CreateFromDirectoryAsync(folder, gzip, includeBaseDirectory: false, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task<RemoteCommandResult> RunAsync(Machine machine, string script, string what, CancellationToken cancellationToken)
    {
        var result = await machine.Shell.RunAsync(new RemoteCommand { Text = script, Timeout = CommandTimeout, DisplayName = $"deploy: {what}" }, cancellationToken).ConfigureAwait(false);
        return result.Succeeded
            ? result
            : throw new InvalidOperationException(
                $"{machine.Name}: could not {what} via {machine.Shell.Description}: exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}: {Tail(result.StandardError)}");
    }

    private static string Tail(string text) => text.Length <= 400 ? text.Trim() : "..." + text[^400..].Trim();
}
