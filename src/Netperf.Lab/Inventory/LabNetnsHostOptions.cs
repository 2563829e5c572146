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

    /// <summary>
    /// Whether each pair gets a link of its own: a bridge <c>&lt;Bridge&gt;-&lt;n&gt;</c> and the subnet whose third octet is
    /// <c>n</c> (<see cref="GuestAddress"/> <c>10.213.0.11/24</c> becomes <c>10.213.n.11/24</c>), <c>n</c> from 0 to 255 chosen
    /// on the host under a lock file beside <see cref="StateDirectory"/>, so several pairs (of one process or many) share the
    /// host. Defaults to <see langword="false"/> (every VM on <see cref="Bridge"/> at <see cref="GuestAddress"/>). Needs
    /// <see cref="CreateBridge"/>, a <c>/24</c> address and a bridge name of at most 11 characters.
    /// </summary>
    public bool PerPairLinks { get; set; }

    /// <summary>The address (CIDR) the host's VM gets on the lab link, such as <c>10.213.0.11/24</c>; unique in the lab.</summary>
    public string GuestAddress { get; set; } = string.Empty;

    /// <summary>Where VM state (sshd config, home folder, tags) lives on the host; defaults to <c>/run/netperf-lab</c>.</summary>
    public string StateDirectory { get; set; } = "/run/netperf-lab";

    /// <summary>The sshd binary on the host; defaults to <c>/usr/sbin/sshd</c>.</summary>
    public string SshdPath { get; set; } = "/usr/sbin/sshd";
}
