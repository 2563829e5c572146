namespace Netperf.Perf.Running.Internal;

/// <summary>Which base class a test derives from; selects the instance loop.</summary>
internal enum PerfTestKind
{
    Stress,
    Batch,
    Event,
}
