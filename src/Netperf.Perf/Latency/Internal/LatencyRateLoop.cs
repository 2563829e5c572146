using Netperf.Perf.Rate;
using Netperf.Perf.Rate.Internal;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Latency.Internal;

/// <summary>
/// The base of the loops that record latency and/or pace operations by a <see cref="RateSchedule"/>.
/// Holds one <see cref="OperationLatencyRecorder"/> per instance of this process (allocated once,
/// reset per window) and the schedule shared by the instances.
/// </summary>
internal abstract class LatencyRateLoop : InstanceLoop
{
    private readonly object _gate = new();
    private readonly Dictionary<int, OperationLatencyRecorder> _recorders = [];
    private long _scheduleStart = long.MinValue;

    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public bool RecordLatency { get; set; }

    /// <summary>Call the synchronous API on a dedicated thread (<c>--sync</c>).</summary>
    public bool Sync { get; set; }

    public RateSchedule? Schedule { get; set; }

    /// <summary>The pacing loop of the current window (async mode with a rate); sync instances wait on their own threads.</summary>
    protected StartTokenPacer? Pacer { get; private set; }

    /// <summary>The recorder of an instance, reset for a new window; null without <c>--latency</c>.</summary>
    protected OperationLatencyRecorder? BeginWindow(PerfTest test, InstanceSlot slot, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (Schedule is not null && _scheduleStart != slot.StartTimestamp)
            {
                _scheduleStart = slot.StartTimestamp;
                Schedule.Start(slot.StartTimestamp);
                Pacer = Sync ? null : StartTokenPacer.Start(Schedule, Clock, () => Volatile.Read(ref slot.Deadline), cancellationToken);
            }

            if (!RecordLatency)
            {
                return null;
            }

            if (!_recorders.TryGetValue(test.ParallelIndex, out var recorder))
            {
                recorder = new OperationLatencyRecorder(Clock);
                _recorders[test.ParallelIndex] = recorder;
            }

            recorder.Reset();
            return recorder;
        }
    }

    /// <summary>The latency of the window that just ended, over this process's instances.</summary>
    public PerfLatency? TakeLatency()
    {
        lock (_gate)
        {
            if (!RecordLatency || _recorders.Count == 0)
            {
                return null;
            }

            var service = new LatencyHistogram();
            LatencyHistogram? corrected = Schedule is null ? null : new LatencyHistogram();
            foreach (var recorder in _recorders.Values)
            {
                service.Add(recorder.ServiceTime);
                corrected?.Add(recorder.Corrected);
            }

            return PerfLatency.From(service, corrected);
        }
    }
}
