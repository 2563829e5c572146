namespace Netperf.Testing.Arm;

/// <summary>A script that a run command asks a fake VM to execute.</summary>
public sealed record GuestCommand
{
    /// <summary>The VM's resource group.</summary>
    public required string ResourceGroup { get; init; }

    /// <summary>The VM's name.</summary>
    public required string VmName { get; init; }

    /// <summary>The run command's name.</summary>
    public required string RunCommandName { get; init; }

    /// <summary><c>Linux</c> or <c>Windows</c>, from the VM's OS profile.</summary>
    public required string OsType { get; init; }

    /// <summary>The VM's admin user (<c>osProfile.adminUsername</c>), which Azure's provisioning creates on the VM; <see langword="null"/> when the VM has none.</summary>
    public string? AdminUsername { get; init; }

    /// <summary>The VM's private IP address (data only; never connect to it).</summary>
    public string? PrivateIpAddress { get; init; }

    /// <summary>The id of the virtual network the VM's first NIC is in: a private address means something only inside it.</summary>
    public string? VirtualNetworkId { get; init; }

    /// <summary>
    /// Whether the VM can reach the internet (to download a tool, to reach GitHub): through its subnet's NAT
    /// gateway, its own public IP, or the subnet's default outbound access (see <see cref="ArmBehaviours.SubnetsPrivateByDefault"/>).
    /// </summary>
    public bool HasOutboundAccess { get; init; } = true;

    /// <summary>The VM's tags.</summary>
    public required IReadOnlyDictionary<string, string> VmTags { get; init; }

    /// <summary>The script text.</summary>
    public required string Script { get; init; }

    /// <summary>Parameters and protected parameters, as a VM receives them (environment variables on Linux).</summary>
    public required IReadOnlyDictionary<string, string> Parameters { get; init; }

    /// <summary>The names of the parameters that were protected.</summary>
    public required IReadOnlySet<string> ProtectedParameterNames { get; init; }
}
