using BenchmarkDotNet.Attributes;
using Netperf.Perf.Running.Internal;

namespace Netperf.Benchmarks.Micro;

/// <summary>Counting one event into an instance slot (EventPerfTest.EventRaised): clock read, window check, interlocked increment.</summary>
public class CounterBenchmarks
{
    private readonly InstanceSlot _slot = new(TimeProvider.System, 0, long.MaxValue, window: null);

    [Benchmark]
    public void RecordEvent() => _slot.RecordEvent();

    [Benchmark]
    public long ReadCounters() => _slot.Read().Completed;
}
