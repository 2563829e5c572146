namespace Netperf.Testing.Arm;

/// <summary>The operations whose latency and failures the fake can shape.</summary>
public enum ArmOperationKind
{
    /// <summary>Any read (GET, list) other than an operation poll.</summary>
    Read,

    /// <summary>PUT of a resource group.</summary>
    CreateResourceGroup,

    /// <summary>DELETE of a resource group (a long-running operation).</summary>
    DeleteResourceGroup,

    /// <summary>PUT of a network (or other generic) resource.</summary>
    CreateNetworkResource,

    /// <summary>DELETE of a network (or other generic) resource.</summary>
    DeleteNetworkResource,

    /// <summary>PUT of a virtual machine (a long-running operation).</summary>
    CreateVirtualMachine,

    /// <summary>DELETE of a virtual machine (a long-running operation).</summary>
    DeleteVirtualMachine,

    /// <summary>PUT of a managed run command (runs the script through the guest handler).</summary>
    RunCommand,

    /// <summary>DELETE of a managed run command.</summary>
    DeleteRunCommand,

    /// <summary>GET of a long-running operation's status (<c>operations/{id}</c>, <c>operationResults/{id}</c>).</summary>
    PollOperation,
}
