namespace Netperf.Lab.Inventory;

/// <summary>How to reach a host. Holds a key path, never a key.</summary>
public sealed class LabHostAccess
{
    /// <summary>The transport; defaults to <see cref="LabHostAccessKind.Ssh"/>.</summary>
    public LabHostAccessKind Kind { get; set; } = LabHostAccessKind.Ssh;

    /// <summary>The SSH user; defaults to <c>root</c> (Hyper-V hosts: an administrator account).</summary>
    public string User { get; set; } = "root";

    /// <summary>The SSH port; defaults to 22.</summary>
    public int Port { get; set; } = 22;

    /// <summary>The private key file used to log in; <see langword="null"/> uses the SSH agent and default keys.</summary>
    public string? IdentityFile { get; set; }

    /// <summary>The known-hosts file to check the host key against; <see langword="null"/> uses the user's (<c>~/.ssh/known_hosts</c>).</summary>
    public string? KnownHostsFile { get; set; }

    /// <summary>
    /// OpenSSH <c>StrictHostKeyChecking</c>: <c>yes</c> (the default) or <c>accept-new</c> while onboarding a host;
    /// <c>no</c> and <c>ask</c> are refused at start-up.
    /// </summary>
    public string StrictHostKeyChecking { get; set; } = "yes";
}
