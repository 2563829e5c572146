namespace Netperf.Lab.Inventory;

/// <summary>
/// The <c>netns</c> driver on a Linux host: a VM is a network namespace with a veth whose host end is a port of
/// <see cref="Bridge"/> (which holds the host's lab NIC), and its own sshd.
/// </summary>
public sealed class LabNetnsHostOptions
{
    /// <summary>The bridge on the host that the lab NIC is a port of; defaults to <c>nplbr0</c>.</summary>
    public string Bridge { get; set; } = "nplbr0";

    /// <summary>
    /// Whether the driver creates <see cref="Bridge"/> when it is missing and deletes it with the last VM; defaults to
    /// <see langword="false"/> (a lab owner makes the bridge and puts the lab NIC in it).
    /// </summary>
    public bool CreateBridge { get; set; }

    /// <summary>The address (CIDR) the host's VM gets on the lab link, such as <c>10.213.0.11/24</c>; unique in the lab.</summary>
    public string GuestAddress { get; set; } = string.Empty;

    /// <summary>Where VM state (sshd config, home folder, tags) lives on the host; defaults to <c>/run/netperf-lab</c>.</summary>
    public string StateDirectory { get; set; } = "/run/netperf-lab";

    /// <summary>The sshd binary on the host; defaults to <c>/usr/sbin/sshd</c>.</summary>
    public string SshdPath { get; set; } = "/usr/sbin/sshd";
}
