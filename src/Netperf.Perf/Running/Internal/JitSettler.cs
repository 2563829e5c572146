using System.Runtime;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// Waits, before a measured window, until this process's JIT has gone quiet. The bookkeeping between
/// two windows (results, JSON to and from the parent of a multi-process run, reporting) runs new code
/// whose tier-1 recompilation the runtime does in the background a little later: without the wait it
/// lands in the first second of the next window and takes a core from the test (measured: both
/// children of a 2-process NoOp run at half speed for ~0.8 s, -10% over a 3 s window).
/// </summary>
internal static class JitSettler
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    /// <summary>Quiet for this long (longer than the runtime's 100 ms call-counting delay) counts as settled.</summary>
    private const int QuietPolls = 4;

    /// <summary>Returns when no method was compiled for <see cref="QuietPolls"/> polls, or after <paramref name="limit"/>.</summary>
    /// <param name="clock">The run's clock; with any clock but the system's (tests) there is nothing to settle.</param>
    /// <param name="limit">The longest wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public static async Task SettleAsync(TimeProvider clock, TimeSpan limit, CancellationToken cancellationToken)
    {
        if (clock != TimeProvider.System)
        {
            return;
        }

        var start = clock.GetTimestamp();
        var last = JitInfo.GetCompiledMethodCount();
        var quiet = 0;
        while (quiet < QuietPolls && clock.GetElapsedTime(start) < limit)
        {
            await Task.Delay(Poll, clock, cancellationToken).ConfigureAwait(false);
            var now = JitInfo.GetCompiledMethodCount();
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
    }
}
