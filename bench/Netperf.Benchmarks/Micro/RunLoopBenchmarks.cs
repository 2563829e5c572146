using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Netperf.Perf;
using Netperf.Perf.Running.Internal;
using Netperf.Perf.SystemTests;

namespace Netperf.Benchmarks.Micro;

/// <summary>
/// The cost per operation of the stress loops themselves (virtual call to NoOp, counter stores,
/// deadline check) over 1M operations, with a clock that costs one increment. The clock read of the
/// real runner (Stopwatch.GetTimestamp) is measured separately in <see cref="ClockBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class RunLoopBenchmarks
{
    private const int Operations = 1_000_000;
    private readonly NoOpTest _test = new(new PerfOptions());

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task SyncLoop() => RunLoop(sync: true);

    [Benchmark(OperationsPerInvoke = Operations)]
    public Task AsyncLoop() => RunLoop(sync: false);

    private Task RunLoop(bool sync)
    {
        var ticks = new StrongBox<long>(0);
        var clock = new CountingClock(ticks);
        InstanceLoop loop = sync ? new StressSyncLoop<PerfOptions, CountingClock>(clock) : new StressAsyncLoop<PerfOptions, CountingClock>(clock);
        var slot = new InstanceSlot(TimeProvider.System, 0, Operations, window: null);
        return loop.StartAsync(_test, slot, CancellationToken.None);
    }
}
