using Netperf.Lab.Calibration;
using Netperf.Lab.Inventory;
using Netperf.Lab.Placement;
using Netperf.Lab.Placement.Internal;

namespace Netperf.Lab.Tests.Health;

public sealed class HostPlannerTests
{
    private static LabHostOptions Host(string name, string link, double gbps, string? hardware = null) => new()
    {
        Name = name, Link = link, LinkSpeedGbps = gbps, NicSpeedGbps = gbps, HardwareClass = hardware, Images = ["img"],
    };

    [Fact]
    public void Choose_PrefersTheFastestLinkThenLikeHardware()
    {
        var placement = HostPlanner.Choose(
            [Host("a", "slow", 10), Host("b", "slow", 10), Host("c", "fast", 100, "x"), Host("d", "fast", 100, "y"), Host("e", "fast", 100, "x")], "img");

        Assert.NotNull(placement);
        Assert.Equal(["c", "e"], new[] { placement.ClientHost.Name, placement.PeerHost.Name });
        Assert.Equal(100, placement.LinkSpeedGbps);
    }

    [Fact]
    public void Choose_NoTwoHostsOnOneLink_ReturnsNull() =>
        Assert.Null(HostPlanner.Choose([Host("a", "l1", 10), Host("b", "l2", 10)], "img"));

    [Fact]
    public async Task HardwareClassCalibration_LikeHardware_SharesABaselineId()
    {
        var calibration = new HardwareClassCalibration();
        var one = await calibration.GetBaselineIdAsync(new LabPlacement { ClientHost = Host("a", "l", 25, "r640"), PeerHost = Host("b", "l", 25, "r640") });
        var two = await calibration.GetBaselineIdAsync(new LabPlacement { ClientHost = Host("c", "l", 25, "r640"), PeerHost = Host("d", "l", 25, "r640") });

        Assert.Equal("r640+r640@25g", one);
        Assert.Equal(one, two);
    }
}
