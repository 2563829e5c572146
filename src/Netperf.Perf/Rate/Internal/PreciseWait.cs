using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Netperf.Perf.Rate.Internal;

/// <summary>
/// Blocks the calling thread until a timestamp with microsecond precision, without spinning for long.
/// On Linux with the system clock: an absolute <c>clock_nanosleep</c> on <c>CLOCK_MONOTONIC</c> (the clock
/// behind <see cref="Stopwatch.GetTimestamp"/>), with the thread's timer slack lowered to 1 ns, up to
/// <see cref="SpinMargin"/> before the due time, then a short spin on the clock. Elsewhere (other
/// platforms, a fake clock in tests) it waits on the cancellation token's handle and spins the last
/// millisecond (system clock) or trusts the provider (fake clock).
/// </summary>
/// <remarks>
/// Measured on the 2-core test machine (docs/benchmarks.md): <c>Thread.Sleep</c>, a wait handle and
/// <c>Task.Delay</c> all wake 50 µs to 1+ ms late (timer slack, timer-queue granularity); an absolute
/// nanosleep with 1 ns slack wakes within a few µs on a quiet machine, and the spin margin absorbs the rest.
/// </remarks>
internal static class PreciseWait
{
    /// <summary>How long before the due time the thread stops sleeping and spins on the clock.</summary>
    public static readonly TimeSpan SpinMargin = TimeSpan.FromMicroseconds(50);

    // Sleep in slices so a stop request (lowered deadline, cancellation) is seen within this long.
    private const long MaxSliceNanoseconds = 5_000_000;

    private const int RealtimePriority = 10;

    [ThreadStatic]
    private static bool t_slackLowered;

    [ThreadStatic]
    private static bool t_realtime;

    // -1 not tried yet, 0 not permitted, 1 permitted.
    private static int s_realtime = -1;

    private static readonly bool NativeSleep =
        OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    /// <summary>Waits until <paramref name="dueTimestamp"/> on <paramref name="clock"/>, or <paramref name="stop"/> returns true.</summary>
    /// <returns>False when stopped or cancelled before the due time.</returns>
    public static bool Until(TimeProvider clock, long dueTimestamp, Func<bool>? stop, CancellationToken cancellationToken)
    {
        if (clock != TimeProvider.System)
        {
            return UntilProvider(clock, dueTimestamp, stop, cancellationToken);
        }

        var spinFrom = dueTimestamp - (long)(SpinMargin.TotalSeconds * Stopwatch.Frequency);
        if (Stopwatch.GetTimestamp() >= dueTimestamp)
        {
            // Behind schedule: nothing to wait for, so no reason to hold real-time priority either.
            Relax();
            return !(cancellationToken.IsCancellationRequested || (stop?.Invoke() ?? false));
        }

        if (NativeSleep && !t_realtime)
        {
            t_realtime = EnterRealtime();
        }

        return UntilSystem(dueTimestamp, spinFrom, stop, cancellationToken);
    }

    /// <summary>Returns the calling thread to normal priority if a wait raised it (call when the loop ends).</summary>
    public static void Relax()
    {
        if (t_realtime)
        {
            t_realtime = false;
            LeaveRealtime();
        }
    }

    /// <summary>Whether waits run at real-time priority (known after the first wait on Linux; false elsewhere).</summary>
    public static bool Realtime => Volatile.Read(ref s_realtime) == 1;

    private static bool UntilSystem(long dueTimestamp, long spinFrom, Func<bool>? stop, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested || (stop?.Invoke() ?? false))
            {
                return false;
            }

            var now = Stopwatch.GetTimestamp();
            if (now >= spinFrom)
            {
                break;
            }

            var sliceEnd = Math.Min(spinFrom, now + ToTimestamps(MaxSliceNanoseconds));
            if (NativeSleep)
            {
                SleepUntilNative(sliceEnd);
            }
            else
            {
                cancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds((double)(sliceEnd - now) / Stopwatch.Frequency));
            }
        }

        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < dueTimestamp)
        {
            if (spinner.NextSpinWillYield)
            {
                // Never yield the core this close to the due time: a yield can cost a whole time slice.
                spinner.Reset();
            }

            spinner.SpinOnce();
        }

        return true;
    }

    private static bool UntilProvider(TimeProvider clock, long dueTimestamp, Func<bool>? stop, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cancellationToken.IsCancellationRequested || (stop?.Invoke() ?? false))
            {
                return false;
            }

            var wait = dueTimestamp - clock.GetTimestamp();
            if (wait <= 0)
            {
                return true;
            }

            var slice = TimeSpan.FromSeconds(Math.Min((double)wait / clock.TimestampFrequency, MaxSliceNanoseconds / 1e9));
            cancellationToken.WaitHandle.WaitOne(slice);
        }
    }

    // A woken SCHED_OTHER thread on the loaded 2-core machine waited up to 15-200 ms (p99) for a core; at
    // SCHED_FIFO it wakes in ~30 µs (p99 < 65 µs). So a wait raises its thread to real-time priority when the
    // process may (root, CAP_SYS_NICE or an RLIMIT_RTPRIO) and the thread keeps it while it keeps up with the
    // schedule: dropping back before every operation cost 0.5-1.2 ms at p99 (the demotion lets the scheduler
    // preempt). A thread that falls behind (its next start already due) is returned to normal priority, so a
    // test that cannot keep the rate never holds a core at real-time priority; while it keeps up it sleeps
    // between operations by definition.
    private static bool EnterRealtime()
    {
        if (Volatile.Read(ref s_realtime) == 0)
        {
            return false;
        }

        var param = new NativeMethods.SchedParam { Priority = RealtimePriority };
        var ok = NativeMethods.sched_setscheduler(0, NativeMethods.SchedFifo, ref param) == 0;
        Volatile.Write(ref s_realtime, ok ? 1 : 0);
        return ok;
    }

    private static void LeaveRealtime()
    {
        var param = new NativeMethods.SchedParam { Priority = 0 };
        _ = NativeMethods.sched_setscheduler(0, NativeMethods.SchedOther, ref param);
    }

    private static long ToTimestamps(long nanoseconds) => (long)(nanoseconds * (Stopwatch.Frequency / 1e9));

    private static void SleepUntilNative(long timestamp)
    {
        if (!t_slackLowered)
        {
            t_slackLowered = true;
            _ = NativeMethods.prctl(NativeMethods.PrSetTimerSlack, 1, 0, 0, 0);
        }

        var spec = new NativeMethods.Timespec { Seconds = timestamp / 1_000_000_000, Nanoseconds = timestamp % 1_000_000_000 };

        // EINTR (a signal) just returns early; the caller's loop sleeps again.
        _ = NativeMethods.clock_nanosleep(NativeMethods.ClockMonotonic, NativeMethods.TimerAbstime, ref spec, IntPtr.Zero);
    }

    private static class NativeMethods
    {
        public const int ClockMonotonic = 1;
        public const int TimerAbstime = 1;
        public const int PrSetTimerSlack = 29;

        public const int SchedOther = 0;
        public const int SchedFifo = 1;

        [StructLayout(LayoutKind.Sequential)]
        public struct SchedParam
        {
            public int Priority;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct Timespec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc")]
        public static extern int clock_nanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);

        [DllImport("libc")]
        public static extern int sched_setscheduler(int pid, int policy, ref SchedParam param);

        [DllImport("libc")]
        public static extern int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);
    }
}
