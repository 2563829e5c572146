using Netperf.Lab.Drivers;

namespace Netperf.Lab.Pairs.Internal;

/// <summary>A VM of a pair: where it is and which driver made it.</summary>
internal sealed record LabVm(LabHost Host, IHypervisorDriver Driver, string Name, string Role);
