namespace Netperf.Lab.Drivers;

/// <summary>A driver that can shape a VM's lab link (delay, loss, rate) for WAN emulation.</summary>
public interface ILinkShapingDriver
{
    /// <summary>Shapes traffic towards the VM on its lab link.</summary>
    /// <param name="host">The host.</param>
    /// <param name="vmName">The VM.</param>
    /// <param name="netemArguments">The <c>tc netem</c> arguments, such as <c>delay 10ms loss 0.1%</c>.</param>
    /// <param name="cancellationToken">Cancels the change.</param>
    /// <returns>A task that completes when the shaping is in place.</returns>
    Task ShapeLinkAsync(LabHost host, string vmName, string netemArguments, CancellationToken cancellationToken = default);
}
