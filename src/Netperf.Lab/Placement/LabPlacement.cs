using Netperf.Lab.Inventory;

namespace Netperf.Lab.Placement;

/// <summary>Where a pair runs: two hosts on one link.</summary>
public sealed record LabPlacement
{
    /// <summary>The host of the client VM.</summary>
    public required LabHostOptions ClientHost { get; init; }

    /// <summary>The host of the peer VM.</summary>
    public required LabHostOptions PeerHost { get; init; }

    /// <summary>The link both hosts are on.</summary>
    public string Link => ClientHost.Link;

    /// <summary>The pair's link speed in Gbit/s (the lower of the two hosts'); 0 when unknown.</summary>
    public double LinkSpeedGbps => Math.Min(Speed(ClientHost), Speed(PeerHost));

    private static double Speed(LabHostOptions host) =>
        host.LinkSpeedGbps > 0 && host.NicSpeedGbps > 0 ? Math.Min(host.LinkSpeedGbps, host.NicSpeedGbps) : Math.Max(host.LinkSpeedGbps, host.NicSpeedGbps);
}
