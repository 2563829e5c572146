using Netperf.Perf.Rate;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Latency.Internal;

/// <summary>Picks a latency-recording or paced loop for <c>--latency</c> / <c>--rate</c>; null when neither is asked for.</summary>
internal static class LatencyRateLoopFactory
{
    public static LatencyRateLoop? Create(PerfTest test, PerfOptions options, TimeProvider clock, int instancesHere, int firstParallelIndex)
    {
        if ((!options.Latency && options.Rate <= 0) || test.Kind == PerfTestKind.Event)
        {
            return null;
        }

        LatencyRateLoop loop;
        if (options.Rate <= 0 && test.Kind == PerfTestKind.Stress)
        {
            loop = (LatencyRateLoop)InstanceLoopFactory.CreateGeneric(options.Sync ? typeof(LatencyStressSyncLoop<,>) : typeof(LatencyStressAsyncLoop<,>), test, clock);
        }
        else
        {
            loop = (LatencyRateLoop)InstanceLoopFactory.CreateGeneric(typeof(MeasuredLoop<,>), test, clock);
        }

        loop.Clock = clock;
        loop.RecordLatency = options.Latency;
        loop.Sync = options.Sync;
        if (options.Rate > 0)
        {
            var parallel = Math.Max(options.Parallel, instancesHere);
            loop.Schedule = new RateSchedule(options.Rate, Math.Max(1, instancesHere), parallel, firstParallelIndex % parallel, parallel, clock);
        }

        return loop;
    }
}
