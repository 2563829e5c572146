using System.Diagnostics;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// A clock the loops are generic over. The loops are instantiated with struct clocks, so the JIT
/// specialises each loop and the system clock read is a direct call with no interface or virtual dispatch.
/// </summary>
internal interface IHotClock
{
    long GetTimestamp();
}

/// <summary>The system clock: <see cref="Stopwatch.GetTimestamp"/>, used when the runner's provider is <see cref="TimeProvider.System"/>.</summary>
internal readonly struct StopwatchClock : IHotClock
{
    public long GetTimestamp() => Stopwatch.GetTimestamp();
}

/// <summary>Any other <see cref="TimeProvider"/> (a fake clock in tests).</summary>
internal readonly struct ProviderClock(TimeProvider provider) : IHotClock
{
    public long GetTimestamp() => provider.GetTimestamp();
}
