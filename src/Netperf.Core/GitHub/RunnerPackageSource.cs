namespace Netperf.Core.GitHub;

/// <summary>Where the machine gets the Actions runner package from.</summary>
public enum RunnerPackageSource
{
    /// <summary>The machine downloads it from <see cref="RunnerInstallOptions.PackageUrlTemplate"/> (point it at a mirror for air-gapped labs).</summary>
    Download,

    /// <summary>The package is already on the machine at <see cref="RunnerInstallOptions.PreStagedPackagePath"/> (baked into the image).</summary>
    PreStaged,

    /// <summary>The orchestrator copies <see cref="RunnerInstallOptions.LocalPackagePath"/> to the machine through its remote session.</summary>
    Upload,
}
