namespace Netperf.Lab.Inventory;

/// <summary>The <c>hyperv</c> driver on a Windows host (reached over SSH with PowerShell as the SSH shell).</summary>
public sealed class LabHyperVHostOptions
{
    /// <summary>Base image (parent VHDX) per image name, such as <c>windows-2022</c> → <c>D:\images\ws2022.vhdx</c>.</summary>
    public IDictionary<string, string> BaseImages { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where VM files and differencing disks go; defaults to <c>D:\netperf-lab</c>.</summary>
    public string VmPath { get; set; } = @"D:\netperf-lab";

    /// <summary>The virtual switch bound to the lab NIC.</summary>
    public string Switch { get; set; } = "netperf-lab";

    /// <summary>Virtual processors; defaults to 4.</summary>
    public int Processors { get; set; } = 4;

    /// <summary>Memory in MiB; defaults to 8192.</summary>
    public int MemoryMb { get; set; } = 8192;

    /// <summary>Whether the VM's adapter uses SR-IOV (the switch must be created with IOV enabled); defaults to <see langword="true"/>.</summary>
    public bool SrIov { get; set; } = true;

    /// <summary>The VM generation; defaults to 2.</summary>
    public int Generation { get; set; } = 2;

    /// <summary>
    /// The guest administrator credential for <c>Invoke-Command -VMName</c>, saved on the host with
    /// <c>Get-Credential | Export-Clixml</c> (DPAPI-protected for the host account); defaults to
    /// <c>C:\ProgramData\netperf-lab\guest-credential.xml</c>. The provider never sees the password.
    /// </summary>
    public string GuestCredentialFile { get; set; } = @"C:\ProgramData\netperf-lab\guest-credential.xml";
}
