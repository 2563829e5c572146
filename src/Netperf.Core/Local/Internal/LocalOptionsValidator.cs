using System.Net;
using Microsoft.Extensions.Options;

namespace Netperf.Core.Local.Internal;

/// <summary>Checks <c>Netperf:Local</c> at start-up; every message names the setting and the fix.</summary>
internal sealed class LocalOptionsValidator : IValidateOptions<LocalOptions>
{
    public ValidateOptionsResult Validate(string? name, LocalOptions options)
    {
        var failures = new List<string>();
        if (!IPAddress.TryParse(options.ListenAddress, out var address) || !IPAddress.IsLoopback(address))
        {
            failures.Add($"Netperf:Local:ListenAddress '{options.ListenAddress}' is not a loopback address; use 127.0.0.1 or ::1.");
        }

        if (options.StartTimeout < TimeSpan.FromSeconds(1) || options.StartTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add($"Netperf:Local:StartTimeout {options.StartTimeout} must be between 00:00:01 and 00:05:00; for example 00:00:10.");
        }

        if (options.MaxPairs is < 1 or > 256)
        {
            failures.Add($"Netperf:Local:MaxPairs {options.MaxPairs} must be between 1 and 256.");
        }

        if (options.StateDirectory is { } state && !Path.IsPathFullyQualified(state))
        {
            failures.Add($"Netperf:Local:StateDirectory '{state}' must be an absolute path, or unset for the default.");
        }

        if (options.SshdPath is { } sshd && !string.Equals(sshd, LocalOptions.NoSshd, StringComparison.OrdinalIgnoreCase) && (!Path.IsPathFullyQualified(sshd) || !File.Exists(sshd)))
        {
            failures.Add($"Netperf:Local:SshdPath '{sshd}' must be the absolute path of an existing sshd binary (for example /usr/sbin/sshd), unset to search for it, or 'none' for local-process sessions.");
        }

        if (!options.AllowLocalProcessFallback && LocalTools.FindSshd(options.SshdPath) is null)
        {
            failures.Add("Netperf:Local: no sshd binary was found and Netperf:Local:AllowLocalProcessFallback is false; install openssh-server, set Netperf:Local:SshdPath, or allow the fallback.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
