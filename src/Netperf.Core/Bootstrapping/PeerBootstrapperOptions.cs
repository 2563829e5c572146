namespace Netperf.Core.Bootstrapping;

/// <summary>Settings of the <see cref="PeerBootstrapper"/>, bound from <c>Netperf:Bootstrap</c>.</summary>
public sealed class PeerBootstrapperOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Netperf:Bootstrap";

    /// <summary>How long one step may take before it fails as timed out, between 1 second and 1 hour; 2 minutes by default.</summary>
    public TimeSpan StepTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Whether the <c>peer-alias</c> step also maps <c>netperf-peer</c> in the client's hosts file (<c>/etc/hosts</c>,
    /// Windows' <c>drivers\etc\hosts</c>); false by default. Enable it only for disposable client machines (lab, Azure),
    /// never for a developer's own machine. The ssh alias in the pair's private ssh_config is always written.
    /// </summary>
    public bool EditHostsFile { get; set; }

    /// <summary>
    /// Whether the <c>tools</c> step installs missing tools (apt-get on Linux as root, winget on Windows); false by
    /// default, which only verifies them and reports what is missing. PowerShell 7 is verified, never installed.
    /// </summary>
    public bool InstallMissingTools { get; set; }
}
