namespace Netperf.Lab.Inventory;

/// <summary>The <c>libvirt</c> driver on a Linux KVM host.</summary>
public sealed class LabLibvirtHostOptions
{
    /// <summary>Base image (qcow2) per image name, such as <c>ubuntu-24.04</c> → <c>/var/lib/libvirt/images/ubuntu-24.04.qcow2</c>.</summary>
    public IDictionary<string, string> BaseImages { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where overlay disks go; defaults to <c>/var/lib/libvirt/images/netperf-lab</c>.</summary>
    public string DiskPath { get; set; } = "/var/lib/libvirt/images/netperf-lab";

    /// <summary>The host bridge the lab NIC is in; defaults to <c>br-lab</c>.</summary>
    public string Bridge { get; set; } = "br-lab";

    /// <summary>The <c>--os-variant</c> for virt-install; defaults to <c>generic</c>.</summary>
    public string OsVariant { get; set; } = "generic";

    /// <summary>Virtual CPUs; defaults to 4.</summary>
    public int Processors { get; set; } = 4;

    /// <summary>Memory in MiB; defaults to 8192.</summary>
    public int MemoryMb { get; set; } = 8192;

    /// <summary>The libvirt connection URI; defaults to <c>qemu:///system</c>.</summary>
    public string ConnectionUri { get; set; } = "qemu:///system";

    /// <summary>Where the host keeps guest crash dumps (<c>virsh dump</c>, kdump); defaults to <c>/var/lib/libvirt/qemu/dump</c>.</summary>
    public string DumpPath { get; set; } = "/var/lib/libvirt/qemu/dump";

    /// <summary>The guest user the host logs in as to run in-guest commands; defaults to <c>root</c>.</summary>
    public string GuestUser { get; set; } = "root";

    /// <summary>The key file on the host that logs in to guests (its public key is baked into the base images).</summary>
    public string GuestIdentityFile { get; set; } = "/root/.ssh/netperf-lab-guest";
}
