using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Latency.Internal;

/// <summary>
/// <c>--latency</c> and <c>--rate</c> as a run feature: its session supplies the instances' loop (one that records
/// every operation's latency and/or paces operations by the shared <see cref="Rate.RateSchedule"/>) and adds each
/// window's latency histograms to the measurement.
/// </summary>
internal sealed class LatencyRateFeature : IPerfRunFeature
{
    public string Name => "latency-rate";

    // --latency is a switch and --rate a validated number: nothing else to check.
    public IEnumerable<string> Validate(PerfOptions options) => [];

    public PerfRunFeatureSession? Join(PerfRunFeatureContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Instances.Count == 0)
        {
            return null;
        }

        var first = context.Instances[0];
        var loop = LatencyRateLoopFactory.Create(first, context.Options, context.TimeProvider, context.Instances.Count, first.ParallelIndex);
        return loop is null ? null : new Session(loop);
    }

    private sealed class Session(LatencyRateLoop loop) : PerfRunFeatureSession, IInstanceLoopSource
    {
        public InstanceLoop Loop => loop;

        public override PerfMeasurement OnMeasured(PerfMeasurement measurement) =>
            loop.TakeLatency() is { } latency ? measurement with { Latency = latency } : measurement;
    }
}
