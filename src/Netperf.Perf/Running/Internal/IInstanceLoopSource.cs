namespace Netperf.Perf.Running.Internal;

/// <summary>
/// A run feature's session that supplies the hot loop of the instances (latency recording, rate pacing). Loops are
/// internal so the measured path stays free of plug-in indirection; only Netperf.Perf's own features supply one.
/// </summary>
internal interface IInstanceLoopSource
{
    /// <summary>The loop every instance of this process runs in a measurement window.</summary>
    InstanceLoop Loop { get; }
}
