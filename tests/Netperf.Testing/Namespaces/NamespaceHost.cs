namespace Netperf.Testing.Namespaces;

/// <summary>One "physical host" of a <see cref="NamespaceLab"/>: a network namespace with its own sshd.</summary>
public sealed record NamespaceHost
{
    /// <summary>The host's name in the lab inventory (such as <c>host-a</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The namespace that is the host.</summary>
    public required string Namespace { get; init; }

    /// <summary>The address the orchestrator reaches the host's sshd at (a management veth from the root namespace).</summary>
    public required string ManagementAddress { get; init; }

    /// <summary>The bridge in the host that holds its lab NIC; VMs' veths become its ports.</summary>
    public required string Bridge { get; init; }

    /// <summary>The address the host's VM gets on the lab link (CIDR).</summary>
    public required string GuestAddress { get; init; }

    /// <summary>The host's sshd pid file.</summary>
    public required string SshdPidFile { get; init; }
}
