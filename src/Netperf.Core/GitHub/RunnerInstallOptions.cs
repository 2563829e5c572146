namespace Netperf.Core.GitHub;

/// <summary>How runners are installed on a pair's client, bound from <c>Netperf:Runners</c> and validated at start-up.</summary>
public sealed class RunnerInstallOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Netperf:Runners";

    /// <summary>How runners register; default <see cref="RunnerRegistrationMode.JustInTime"/>.</summary>
    public RunnerRegistrationMode Mode { get; set; } = RunnerRegistrationMode.JustInTime;

    /// <summary>Where the runner package comes from; default <see cref="RunnerPackageSource.Download"/>.</summary>
    public RunnerPackageSource PackageSource { get; set; } = RunnerPackageSource.Download;

    /// <summary>The runner version used in <see cref="PackageUrlTemplate"/>; default <c>2.321.0</c>.</summary>
    public string RunnerVersion { get; set; } = "2.321.0";

    /// <summary>
    /// The download URL, with <c>{version}</c>, <c>{os}</c> (<c>linux</c>/<c>win</c>), <c>{arch}</c> (<c>x64</c>/<c>arm64</c>)
    /// and <c>{ext}</c> (<c>tar.gz</c>/<c>zip</c>) placeholders; default GitHub's release download.
    /// </summary>
    public string PackageUrlTemplate { get; set; } =
        "https://github.com/actions/runner/releases/download/v{version}/actions-runner-{os}-{arch}-{version}.{ext}";

    /// <summary>Expected SHA-256 of the package per <c>{os}-{arch}</c> (such as <c>linux-x64</c>); checked when present.</summary>
    public Dictionary<string, string> PackageSha256 { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The package's path on the machine for <see cref="RunnerPackageSource.PreStaged"/>.</summary>
    public string? PreStagedPackagePath { get; set; }

    /// <summary>The package's path on the orchestrator for <see cref="RunnerPackageSource.Upload"/>.</summary>
    public string? LocalPackagePath { get; set; }

    /// <summary>The folder under which each Linux runner gets its own folder; default <c>/opt/netperf-runners</c>.</summary>
    public string LinuxInstallRoot { get; set; } = "/opt/netperf-runners";

    /// <summary>The folder under which each Windows runner gets its own folder; default <c>C:\netperf-runners</c>.</summary>
    public string WindowsInstallRoot { get; set; } = @"C:\netperf-runners";

    /// <summary>The dedicated non-root user Linux runners run as (created when missing; <c>config.sh</c> refuses root); default <c>netperf-runner</c>.</summary>
    public string LinuxUser { get; set; } = "netperf-runner";

    /// <summary>How long the install step may take; default 10 minutes.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
