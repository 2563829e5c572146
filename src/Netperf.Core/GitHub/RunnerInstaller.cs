using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.GitHub.Internal;

namespace Netperf.Core.GitHub;

/// <summary>
/// Makes a test-ready client a self-hosted runner: registers it (just-in-time by default), installs the
/// runner package (downloaded, pre-staged or uploaded) through the machine's <see cref="IRemoteShell"/>,
/// and starts it as a dedicated non-root user (Linux) or a service (Windows). The secret travels on the
/// command's standard input only. When any step fails or is cancelled, the runner registered for it is deleted.
/// </summary>
public sealed partial class RunnerInstaller
{
    private readonly IRunnerRegistry _registry;
    private readonly RunnerInstallOptions _options;
    private readonly ILogger<RunnerInstaller> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the installer.</summary>
    /// <param name="registry">Where runners are registered.</param>
    /// <param name="options">How runners are installed.</param>
    /// <param name="timeProvider">The clock that bounds cleanup after a failure.</param>
    /// <param name="logger">The logger (never given a secret).</param>
    public RunnerInstaller(IRunnerRegistry registry, IOptions<RunnerInstallOptions> options, TimeProvider timeProvider, ILogger<RunnerInstaller> logger)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _registry = registry;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The runner name for a pair's client: <c>np-&lt;pair id&gt;-client</c>.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <returns>The name.</returns>
    public static string RunnerName(string pairId) => $"np-{RunnerLabels.Normalize(pairId)}-client";

    /// <summary>The folder a runner named <paramref name="name"/> is installed in on a machine of <paramref name="os"/>.</summary>
    /// <param name="os">The machine's OS family.</param>
    /// <param name="name">The runner name.</param>
    /// <returns>The folder (under <see cref="RunnerInstallOptions.LinuxInstallRoot"/> or <see cref="RunnerInstallOptions.WindowsInstallRoot"/>).</returns>
    public string InstallDirectoryOf(OsFamily os, string name) =>
        os == OsFamily.Windows ? $"{_options.WindowsInstallRoot.TrimEnd('\\')}\\{name}" : $"{_options.LinuxInstallRoot.TrimEnd('/')}/{name}";

    /// <summary>Registers and starts a runner on <paramref name="pair"/>'s client with the scheme's labels.</summary>
    /// <param name="pair">The (test-ready) pair.</param>
    /// <param name="io">The I/O model dimension for the <c>io-</c> label, or <see langword="null"/>.</param>
    /// <param name="extraLabels">More custom labels (checked like the others).</param>
    /// <param name="cancellationToken">Cancels the installation; the runner is then deleted.</param>
    /// <returns>The started runner.</returns>
    public Task<RunnerRegistration> InstallAsync(VmPair pair, string? io = null, IEnumerable<string>? extraLabels = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        var labels = RunnerLabels.ForPair(pair, io).Concat(extraLabels ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return InstallAsync(pair.Client, RunnerName(pair.Id), labels, pair.Spec.Architecture, cancellationToken);
    }

    /// <summary>Registers and starts a runner on a machine.</summary>
    /// <param name="machine">The machine (its shell runs the install step).</param>
    /// <param name="name">The runner name (letters, digits, '.', '-', '_').</param>
    /// <param name="labels">The custom labels (checked with <see cref="RunnerLabels.Validate"/>).</param>
    /// <param name="architecture">The machine's architecture (<c>x64</c>, <c>arm64</c>).</param>
    /// <param name="cancellationToken">Cancels the installation; the runner is then deleted.</param>
    /// <returns>The started runner.</returns>
    public async Task<RunnerRegistration> InstallAsync(Machine machine, string name, IReadOnlyList<string> labels, string architecture = "x64", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(labels);
        if (string.IsNullOrWhiteSpace(name) || !RunnerNameSyntax().IsMatch(name))
        {
            throw new ArgumentException($"Runner name '{name}' must be 1-64 letters, digits, '.', '-' or '_'.", nameof(name));
        }

        RunnerLabels.Validate(labels);
        var windows = machine.OsFamily == OsFamily.Windows;
        var mode = windows ? RunnerRegistrationMode.RegistrationToken : _options.Mode;
        var arch = RunnerLabels.Architecture(architecture);
        var customLabels = labels.Where(l => !RunnerLabels.IsDefault(l)).ToList();
        var directory = InstallDirectoryOf(machine.OsFamily, name);

        long runnerId = 0;
        string secret;
        if (mode == RunnerRegistrationMode.JustInTime)
        {
            var jit = await _registry.CreateJitConfigAsync(
                new JitRunnerRequest { Name = name, Labels = labels, Os = "linux", Architecture = arch }, cancellationToken).ConfigureAwait(false);
            runnerId = jit.Runner.Id;
            secret = jit.EncodedJitConfig;
        }
        else
        {
            secret = (await _registry.CreateRegistrationTokenAsync(cancellationToken).ConfigureAwait(false)).Token;
        }

        try
        {
            var packagePath = await StagePackageAsync(machine, name, windows, arch, cancellationToken).ConfigureAwait(false);
            var request = new RunnerScriptRequest(
                name, customLabels, mode, arch, _registry.RegistrationUrl, packagePath,
                _options.PackageSource == RunnerPackageSource.Download ? PackageUrl(windows, arch) : null,
                _options.PackageSha256.GetValueOrDefault($"{(windows ? "win" : "linux")}-{arch}"),
                directory);
            var script = windows ? WindowsRunnerScript.Render(request) : LinuxRunnerScript.Render(request, _options.LinuxUser);
            LogInstalling(_logger, name, machine.Name, mode);
            var result = await machine.Shell.RunAsync(
                new RemoteCommand
                {
                    Text = script,
                    StandardInput = secret + "\n",
                    Secrets = [secret],
                    Timeout = _options.InstallTimeout,
                    DisplayName = $"install GitHub runner {name}",
                },
                cancellationToken).ConfigureAwait(false);
            if (!result.Succeeded)
            {
                var error = Tail(SecretRedactor.Redact(result.StandardError, [secret]));
                throw new RunnerInstallException(
                    $"Installing runner '{name}' on {machine.Name} ({machine.Shell.Description}) failed with exit code {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}: {error}. " +
                    $"Check the runner package source ({RunnerInstallOptions.SectionName}:PackageSource) and that the machine can run it.")
                { ExitCode = result.ExitCode };
            }

            if (runnerId == 0)
            {
                var listed = await _registry.ListRunnersAsync(name, cancellationToken).ConfigureAwait(false);
                runnerId = listed.Count > 0 ? listed[0].Id : 0;
            }

            LogInstalled(_logger, name, runnerId, machine.Name);
            return new RunnerRegistration
            {
                RunnerId = runnerId,
                Name = name,
                Labels = labels,
                Mode = mode,
                InstallDirectory = directory,
                MachineName = machine.Name,
            };
        }
        catch (Exception ex) when (ex is not ArgumentException)
        {
            await RemoveAfterFailureAsync(name, runnerId).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<string?> StagePackageAsync(Machine machine, string name, bool windows, string arch, CancellationToken cancellationToken)
    {
        switch (_options.PackageSource)
        {
            case RunnerPackageSource.PreStaged:
                return _options.PreStagedPackagePath;
            case RunnerPackageSource.Upload:
                var remote = windows ? $"{_options.WindowsInstallRoot.TrimEnd('\\')}\\{name}.pkg.zip" : $"/tmp/{name}-actions-runner-{arch}.tar.gz";
                await machine.Shell.CopyToAsync(_options.LocalPackagePath!, remote, cancellationToken).ConfigureAwait(false);
                return remote;
            default:
                return null;
        }
    }

    private Uri PackageUrl(bool windows, string arch) => new(_options.PackageUrlTemplate
        .Replace("{version}", _options.RunnerVersion, StringComparison.Ordinal)
        .Replace("{os}", windows ? "win" : "linux", StringComparison.Ordinal)
        .Replace("{arch}", arch, StringComparison.Ordinal)
        .Replace("{ext}", windows ? "zip" : "tar.gz", StringComparison.Ordinal));

    private async Task RemoveAfterFailureAsync(string name, long runnerId)
    {
        // Cleanup must run even when the caller's token was cancelled, bounded on its own.
        using var cleanup = new CancellationTokenSource(TimeSpan.FromMinutes(1), _time);
        try
        {
            var ids = runnerId != 0 ? [runnerId] : (await _registry.ListRunnersAsync(name, cleanup.Token).ConfigureAwait(false)).Select(r => r.Id).ToList();
            foreach (var id in ids)
            {
                await _registry.DeleteRunnerAsync(id, force: true, cleanup.Token).ConfigureAwait(false);
                LogRemovedAfterFailure(_logger, name, id);
            }
        }
        catch (Exception ex) when (ex is GitHubApiException or RunnerBusyException or OperationCanceledException)
        {
            LogCleanupFailed(_logger, name, ex.Message);
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "..." + text[^2000..].Trim();

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex RunnerNameSyntax();

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Installing GitHub runner {Name} on {Machine} ({Mode})")]
    private static partial void LogInstalling(ILogger logger, string name, string machine, RunnerRegistrationMode mode);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information, Message = "GitHub runner {Name} (id {RunnerId}) started on {Machine}")]
    private static partial void LogInstalled(ILogger logger, string name, long runnerId, string machine);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Warning, Message = "Removed runner {Name} (id {RunnerId}) after its installation failed")]
    private static partial void LogRemovedAfterFailure(ILogger logger, string name, long runnerId);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Error, Message = "Could not remove runner {Name} after its installation failed: {Reason}; the runner janitor will remove it")]
    private static partial void LogCleanupFailed(ILogger logger, string name, string reason);
}
