namespace Netperf.Perf.Latency;

/// <summary>
/// One instance's latency recorder: service time (from the operation's real start) and, when the run
/// is paced by a rate, the latency corrected for coordinated omission (from its intended start).
/// Single writer; no allocation or lock per record.
/// </summary>
public sealed class OperationLatencyRecorder
{
    private readonly double _nanosecondsPerTimestamp;

    /// <summary>Creates a recorder for timestamps of <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock whose timestamps are recorded.</param>
    public OperationLatencyRecorder(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _nanosecondsPerTimestamp = 1e9 / timeProvider.TimestampFrequency;
    }

    /// <summary>Service time: from when each operation really started to when it completed.</summary>
    public LatencyHistogram ServiceTime { get; } = new();

    /// <summary>Latency from when each operation was scheduled (only recorded with a rate).</summary>
    public LatencyHistogram Corrected { get; } = new();

    /// <summary>Records a call that completed <paramref name="operations"/> operations (a batch records its time per operation).</summary>
    /// <param name="startTimestamp">When the call started.</param>
    /// <param name="endTimestamp">When it completed.</param>
    /// <param name="operations">Operations it completed.</param>
    public void Record(long startTimestamp, long endTimestamp, long operations = 1)
    {
        if (operations <= 0)
        {
            return;
        }

        ServiceTime.RecordCount(ToNanoseconds(endTimestamp - startTimestamp) / operations, operations);
    }

    /// <summary>Records a paced call: service time from its real start, corrected latency from its intended start.</summary>
    /// <param name="intendedStartTimestamp">When the schedule said the call should start.</param>
    /// <param name="startTimestamp">When it really started.</param>
    /// <param name="endTimestamp">When it completed.</param>
    /// <param name="operations">Operations it completed.</param>
    public void RecordPaced(long intendedStartTimestamp, long startTimestamp, long endTimestamp, long operations = 1)
    {
        if (operations <= 0)
        {
            return;
        }

        ServiceTime.RecordCount(ToNanoseconds(endTimestamp - startTimestamp) / operations, operations);
        Corrected.RecordCount(ToNanoseconds(endTimestamp - Math.Min(intendedStartTimestamp, startTimestamp)) / operations, operations);
    }

    /// <summary>Forgets what was recorded (at the end of the warm-up).</summary>
    public void Reset()
    {
        ServiceTime.Reset();
        Corrected.Reset();
    }

    private long ToNanoseconds(long timestamps) => (long)(timestamps * _nanosecondsPerTimestamp);
}
