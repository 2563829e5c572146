namespace Netperf.Lab.Inventory;

/// <summary>The hypervisor names that <see cref="LabHostOptions.Hypervisor"/> accepts.</summary>
public static class LabHypervisors
{
    /// <summary>Hyper-V, driven with PowerShell on the host.</summary>
    public const string HyperV = "hyperv";

    /// <summary>libvirt/KVM, driven with <c>virsh</c> and <c>virt-install</c> on the host.</summary>
    public const string Libvirt = "libvirt";

    /// <summary>Linux network namespaces as lightweight VMs.</summary>
    public const string Netns = "netns";

    /// <summary>Pre-made VMs from the inventory, reset by restoring a checkpoint before each job.</summary>
    public const string Static = "static";

    /// <summary>Every known name.</summary>
    public static IReadOnlyList<string> All { get; } = [HyperV, Libvirt, Netns, Static];
}
