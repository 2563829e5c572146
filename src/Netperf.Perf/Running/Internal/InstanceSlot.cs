using System.Runtime.InteropServices;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// One instance's counters for one measurement window. Only the instance's loop writes
/// <see cref="Completed"/> and <see cref="LastTimestamp"/>; the hot fields sit in their own cache
/// line (padding on both sides) so instances never share a line and the status reader only
/// touches it once per interval. <see cref="Deadline"/> doubles as the stop signal: cancelling a
/// window lowers it, so the loop checks the clock and the stop request with one comparison.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 256)]
internal sealed class InstanceSlot
{
    /// <summary>A slot that is never measuring: events raised outside a window land here and are dropped.</summary>
    public static readonly InstanceSlot Idle = new(TimeProvider.System, 0, long.MinValue, null);

    [FieldOffset(64)]
    public long Completed;

    [FieldOffset(72)]
    public long LastTimestamp;

    [FieldOffset(80)]
    public long Deadline;

    [FieldOffset(88)]
    public readonly long StartTimestamp;

    [FieldOffset(96)]
    public readonly long Frequency;

    [FieldOffset(160)]
    public readonly TimeProvider Clock;

    [FieldOffset(168)]
    public readonly MeasurementWindow? Window;

    public InstanceSlot(TimeProvider clock, long startTimestamp, long deadline, MeasurementWindow? window)
    {
        Clock = clock;
        Frequency = clock.TimestampFrequency;
        StartTimestamp = startTimestamp;
        LastTimestamp = startTimestamp;
        Deadline = deadline;
        Window = window;
    }

    /// <summary>The last completion, measured from the window's start.</summary>
    public TimeSpan LastCompletionTime => ToTimeSpan(Volatile.Read(ref LastTimestamp) - StartTimestamp);

    /// <summary>The last completion in seconds from the window's start.</summary>
    public double LastCompletionSeconds
    {
        get
        {
            var ticks = Volatile.Read(ref LastTimestamp) - StartTimestamp;
            return ticks <= 0 ? 0 : (double)ticks / Frequency;
        }
    }

    /// <summary>Asks the loop to stop after its current operation.</summary>
    public void Stop() => Volatile.Write(ref Deadline, long.MinValue);

    /// <summary>Counts one event (event tests): thread-safe, ignored outside the window.</summary>
    public void RecordEvent()
    {
        var now = Clock.GetTimestamp();
        if (now >= Volatile.Read(ref Deadline))
        {
            return;
        }

        Interlocked.Increment(ref Completed);
        var last = Volatile.Read(ref LastTimestamp);
        while (now > last)
        {
            var seen = Interlocked.CompareExchange(ref LastTimestamp, now, last);
            if (seen == last)
            {
                break;
            }

            last = seen;
        }
    }

    /// <summary>A consistent-enough copy for reporting (exact once the loop has finished).</summary>
    public PerfInstanceCounters Read() =>
        new(Volatile.Read(ref Completed), ToTimeSpan(Volatile.Read(ref LastTimestamp) - StartTimestamp));

    private TimeSpan ToTimeSpan(long ticks) =>
        ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)ticks / Frequency);
}

/// <summary>A pair of counters read from a slot.</summary>
internal readonly record struct PerfInstanceCounters(long Completed, TimeSpan LastCompletion);
