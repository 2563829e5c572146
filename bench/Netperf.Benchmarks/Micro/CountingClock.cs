using System.Runtime.CompilerServices;

using Netperf.Perf.Running.Internal;

namespace Netperf.Benchmarks.Micro;

/// <summary>A clock that ticks once per read: a loop with deadline N runs exactly N operations, so the loop's own cost is measured without the clock's.</summary>
internal readonly struct CountingClock : IHotClock
{
    private readonly StrongBox<long> _ticks;

    public CountingClock(StrongBox<long> ticks) => _ticks = ticks;

    public long GetTimestamp() => ++_ticks.Value;
}
