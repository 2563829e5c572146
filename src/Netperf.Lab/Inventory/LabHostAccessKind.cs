namespace Netperf.Lab.Inventory;

/// <summary>How the orchestrator reaches a lab host.</summary>
public enum LabHostAccessKind
{
    /// <summary>OpenSSH (<c>ssh user@address</c>); the host runs POSIX sh, or PowerShell as its SSH shell for Hyper-V.</summary>
    Ssh,

    /// <summary>The host is the machine the orchestrator runs on; commands run as local processes.</summary>
    Local,
}
