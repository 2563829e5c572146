namespace Netperf.Lab.Drivers;

/// <summary>A VM found on a host, with the tags persisted with it.</summary>
/// <param name="Name">The VM's name.</param>
/// <param name="Tags">Its tags; empty when the VM carries none (then it is not Netperf's to touch).</param>
public sealed record LabVmRecord(string Name, IReadOnlyDictionary<string, string> Tags);
