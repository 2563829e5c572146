using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Netperf.Core.GitHub.Internal;

/// <summary>Validates <see cref="RunnerInstallOptions"/> with messages that name the setting and the fix.</summary>
internal sealed partial class RunnerInstallOptionsValidator : IValidateOptions<RunnerInstallOptions>
{
    public ValidateOptionsResult Validate(string? name, RunnerInstallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string S = RunnerInstallOptions.SectionName;
        var failures = new List<string>();
        switch (options.PackageSource)
        {
            case RunnerPackageSource.Download when !options.PackageUrlTemplate.Contains("{os}", StringComparison.Ordinal)
                || !Uri.TryCreate(options.PackageUrlTemplate.Replace("{", string.Empty, StringComparison.Ordinal).Replace("}", string.Empty, StringComparison.Ordinal), UriKind.Absolute, out _):
                failures.Add($"{S}:PackageUrlTemplate must be an absolute URL with at least the {{os}} placeholder (and usually {{arch}}, {{version}}, {{ext}}).");
                break;
            case RunnerPackageSource.PreStaged when string.IsNullOrWhiteSpace(options.PreStagedPackagePath):
                failures.Add($"{S}:PreStagedPackagePath is required with PackageSource=PreStaged: set it to the runner package's path on the machines.");
                break;
            case RunnerPackageSource.Upload when string.IsNullOrWhiteSpace(options.LocalPackagePath) || !File.Exists(options.LocalPackagePath):
                failures.Add($"{S}:LocalPackagePath must name an existing runner package on this machine with PackageSource=Upload.");
                break;
        }

        if (!SafeName().IsMatch(options.LinuxUser) || options.LinuxUser == "root")
        {
            failures.Add($"{S}:LinuxUser must be a plain non-root user name (config.sh refuses to run as root).");
        }

        if (!SafeName().IsMatch(options.RunnerVersion))
        {
            failures.Add($"{S}:RunnerVersion must be a version such as 2.321.0.");
        }

        foreach (var (key, sha) in options.PackageSha256)
        {
            if (!Sha256().IsMatch(sha))
            {
                failures.Add($"{S}:PackageSha256:{key} must be 64 hexadecimal characters.");
            }
        }

        if (string.IsNullOrWhiteSpace(options.LinuxInstallRoot) || !options.LinuxInstallRoot.StartsWith('/') || options.LinuxInstallRoot.Contains('\'', StringComparison.Ordinal))
        {
            failures.Add($"{S}:LinuxInstallRoot must be an absolute path without quotes.");
        }

        if (string.IsNullOrWhiteSpace(options.WindowsInstallRoot) || options.WindowsInstallRoot.Contains('\'', StringComparison.Ordinal))
        {
            failures.Add($"{S}:WindowsInstallRoot must be a path without quotes.");
        }

        if (options.InstallTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{S}:InstallTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    private static partial Regex SafeName();

    [GeneratedRegex("^[A-Fa-f0-9]{64}$")]
    private static partial Regex Sha256();
}
