namespace Netperf.Perf.Rate;

/// <summary>
/// An open-loop schedule: operation <c>k</c> of this process is due at
/// <c>start + (k + phase) / rate</c>, whatever happened to the operations before it. Every instance of a
/// process takes its next operation from the same schedule, so the rate is shared; each process owns a
/// share of the total rate in proportion to its instances, and the processes' schedules are offset by a
/// phase so that together they tick evenly.
/// </summary>
/// <remarks>
/// Latency measured from <see cref="TakeNext"/>'s intended start (rather than from when the operation
/// really began) is corrected for coordinated omission: a stall delays every operation scheduled
/// behind it, and those delays show in the percentiles.
/// </remarks>
public sealed class RateSchedule
{
    private readonly TimeProvider _timeProvider;
    private readonly double _timestampsPerOperation;
    private readonly double _phase;
    private long _start;
    private long _next;

    /// <summary>Creates a schedule for one process.</summary>
    /// <param name="totalOperationsPerSecond">The rate of the whole run (every process together).</param>
    /// <param name="processInstances">Instances running in this process.</param>
    /// <param name="totalInstances">Instances of the whole run (<c>--parallel</c>).</param>
    /// <param name="processIndex">This process's index, used for the phase offset.</param>
    /// <param name="processCount">The number of processes.</param>
    /// <param name="timeProvider">The clock.</param>
    public RateSchedule(double totalOperationsPerSecond, int processInstances, int totalInstances, int processIndex, int processCount, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalOperationsPerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(processInstances);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalInstances, processInstances);
        ArgumentOutOfRangeException.ThrowIfNegative(processIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(processCount, processIndex + 1);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        OperationsPerSecond = totalOperationsPerSecond * processInstances / totalInstances;
        _timestampsPerOperation = timeProvider.TimestampFrequency / OperationsPerSecond;
        _phase = (double)processIndex / processCount;
        _start = timeProvider.GetTimestamp();
    }

    /// <summary>This process's share of the rate, in operations per second.</summary>
    public double OperationsPerSecond { get; }

    /// <summary>How many operations were handed out since <see cref="Start"/>.</summary>
    public long Taken => Volatile.Read(ref _next);

    /// <summary>Restarts the schedule at <paramref name="startTimestamp"/> (the start of a measured window).</summary>
    /// <param name="startTimestamp">A <see cref="TimeProvider.GetTimestamp"/> value.</param>
    public void Start(long startTimestamp)
    {
        Volatile.Write(ref _start, startTimestamp);
        Volatile.Write(ref _next, 0);
    }

    /// <summary>Hands out the next operation and returns the timestamp at which it is due (maybe in the past).</summary>
    public long TakeNext()
    {
        var k = Interlocked.Increment(ref _next) - 1;
        return DueAt(k);
    }

    /// <summary>Hands out the next operation only when it is due at <paramref name="nowTimestamp"/>.</summary>
    /// <param name="nowTimestamp">The current timestamp.</param>
    /// <param name="intendedStart">The operation's intended start when one is due.</param>
    public bool TryTakeDue(long nowTimestamp, out long intendedStart)
    {
        while (true)
        {
            var k = Volatile.Read(ref _next);
            intendedStart = DueAt(k);
            if (intendedStart > nowTimestamp)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _next, k + 1, k) == k)
            {
                return true;
            }
        }
    }

    /// <summary>Takes the next operation and waits until it is due; returns its intended start timestamp.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async ValueTask<long> WaitForNextAsync(CancellationToken cancellationToken = default)
    {
        var due = TakeNext();
        var wait = due - _timeProvider.GetTimestamp();
        if (wait > 0)
        {
            await Task.Delay(_timeProvider.GetElapsedTime(0, wait), _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        return due;
    }

    private long DueAt(long k) => Volatile.Read(ref _start) + (long)((k + _phase) * _timestampsPerOperation);
}
