using Netperf.Lab.Placement;

namespace Netperf.Lab.Calibration;

/// <summary>
/// Gives a pair's calibration baseline id: pairs with the same id are like hardware, so their results compare.
/// The id is written on the pair as <see cref="Inventory.LabTags.Baseline"/> and travels with every result.
/// Register your own to run a calibration benchmark and return the id of its stored baseline.
/// </summary>
public interface ILabCalibration
{
    /// <summary>Returns the baseline id for a placement.</summary>
    /// <param name="placement">The two hosts of the pair.</param>
    /// <param name="cancellationToken">Cancels the calibration.</param>
    /// <returns>The baseline id.</returns>
    Task<string> GetBaselineIdAsync(LabPlacement placement, CancellationToken cancellationToken = default);
}
