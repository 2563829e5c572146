namespace Netperf.Core.Runs;

/// <summary>
/// Where a run is: <see cref="Provisioning"/> (the plan file is written before anything is made, so a teardown or the
/// janitor finds a provision that was killed), then <see cref="Ready"/> or <see cref="Failed"/>.
/// </summary>
public enum RunPlanState
{
    /// <summary>Pairs and runners are being made.</summary>
    Provisioning,

    /// <summary>Every job has a ready pair (and a runner, with GitHub).</summary>
    Ready,

    /// <summary>Provisioning failed; what was made is being or has been removed.</summary>
    Failed,
}
