using Netperf.Lab.Inventory;

namespace Netperf.Lab.Drivers.Internal;

/// <summary>
/// A driver whose <see cref="IHypervisorDriver.ListVmsAsync"/> on a host lists every VM of the machine that host is (not only
/// the VMs made for that inventory host), so inventory hosts that are one machine - the single-machine lab's two - give the
/// same list. The provider then lists such a machine once per decision instead of once per inventory host, and tells the
/// VMs apart by their tags.
/// </summary>
internal interface IMachineWideListing
{
    /// <summary>A key that two hosts share exactly when listing either of them gives the same VMs.</summary>
    /// <param name="host">The host's inventory entry.</param>
    /// <returns>The key of the host's listing.</returns>
    string ListingScope(LabHostOptions host);
}
