namespace Netperf.Testing.Arm;

/// <summary>The ARM resource types the fake knows by name.</summary>
public static class ArmTypes
{
    /// <summary>A resource group.</summary>
    public const string ResourceGroup = "Microsoft.Resources/resourceGroups";

    /// <summary>A virtual machine.</summary>
    public const string VirtualMachine = "Microsoft.Compute/virtualMachines";

    /// <summary>A managed run command (child of a VM).</summary>
    public const string RunCommand = "Microsoft.Compute/virtualMachines/runCommands";

    /// <summary>A managed disk (made implicitly for a VM's OS disk).</summary>
    public const string Disk = "Microsoft.Compute/disks";

    /// <summary>A virtual network.</summary>
    public const string VirtualNetwork = "Microsoft.Network/virtualNetworks";

    /// <summary>A network security group.</summary>
    public const string NetworkSecurityGroup = "Microsoft.Network/networkSecurityGroups";

    /// <summary>A network interface.</summary>
    public const string NetworkInterface = "Microsoft.Network/networkInterfaces";

    /// <summary>A NAT gateway (the explicit outbound path of a private subnet).</summary>
    public const string NatGateway = "Microsoft.Network/natGateways";

    /// <summary>A public IP address.</summary>
    public const string PublicIpAddress = "Microsoft.Network/publicIPAddresses";
}
