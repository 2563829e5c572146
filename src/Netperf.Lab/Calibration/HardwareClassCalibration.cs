using System.Globalization;
using Netperf.Lab.Placement;

namespace Netperf.Lab.Calibration;

/// <summary>
/// The default calibration: the baseline id names both hosts' hardware classes (or the hosts themselves when no class
/// is given) and the link speed, so results from like hardware share an id, such as <c>r640-25g+r640-25g@25g</c>.
/// </summary>
public sealed class HardwareClassCalibration : ILabCalibration
{
    /// <inheritdoc />
    public Task<string> GetBaselineIdAsync(LabPlacement placement, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var classes = new[] { placement.ClientHost, placement.PeerHost }
            .Select(h => h.HardwareClass ?? h.Name)
            .Order(StringComparer.OrdinalIgnoreCase);
        var speed = placement.LinkSpeedGbps > 0 ? placement.LinkSpeedGbps.ToString("0.##", CultureInfo.InvariantCulture) + "g" : "unknown";
        return Task.FromResult($"{string.Join('+', classes)}@{speed}");
    }
}
