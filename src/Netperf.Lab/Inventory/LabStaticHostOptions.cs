namespace Netperf.Lab.Inventory;

/// <summary>
/// The <c>static</c> driver: a pre-made VM on the host, reset before each job by restoring <see cref="Checkpoint"/>
/// with the host's hypervisor (<see cref="Hypervisor"/>).
/// </summary>
public sealed class LabStaticHostOptions
{
    /// <summary>The pre-made VM's name on the host.</summary>
    public string VmName { get; set; } = string.Empty;

    /// <summary>The clean checkpoint (Hyper-V checkpoint or libvirt snapshot) restored before each job; defaults to <c>clean</c>.</summary>
    public string Checkpoint { get; set; } = "clean";

    /// <summary>The hypervisor that holds the VM: <c>hyperv</c> or <c>libvirt</c>.</summary>
    public string Hypervisor { get; set; } = LabHypervisors.HyperV;
}
