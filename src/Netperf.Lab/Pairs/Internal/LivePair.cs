namespace Netperf.Lab.Pairs.Internal;

/// <summary>A pair this process made and has not deleted; its leases are renewed until it expires.</summary>
internal sealed record LivePair(string Id, IReadOnlyList<LabVm> Vms, DateTimeOffset ExpiresAt);
