namespace Netperf.Core.GitHub.Internal;

/// <summary>Everything a runner install script needs except the secret (which arrives on standard input).</summary>
internal sealed record RunnerScriptRequest(
    string Name,
    IReadOnlyList<string> Labels,
    RunnerRegistrationMode Mode,
    string Architecture,
    Uri RegistrationUrl,
    string? PackagePath,
    Uri? PackageUrl,
    string? PackageSha256,
    string InstallDirectory);
