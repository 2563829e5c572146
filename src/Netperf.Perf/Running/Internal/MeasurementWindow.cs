namespace Netperf.Perf.Running.Internal;

/// <summary>
/// One warm-up or iteration: a slot per instance, a common start and deadline, and the first
/// error. <see cref="Abort"/> (an instance failed, an event test raised an error) and run
/// cancellation both stop every loop after its current operation.
/// </summary>
internal sealed class MeasurementWindow : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly CancellationTokenRegistration _runCancelled;
    private Exception? _error;

    public MeasurementWindow(TimeProvider clock, TimeSpan duration, int instances, CancellationToken runCancellation)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(runCancellation);
        StartTimestamp = clock.GetTimestamp();
        Deadline = StartTimestamp + (long)(duration.TotalSeconds * clock.TimestampFrequency);
        Slots = new InstanceSlot[instances];
        for (var i = 0; i < instances; i++)
        {
            Slots[i] = new InstanceSlot(clock, StartTimestamp, Deadline, this);
        }

        _runCancelled = runCancellation.UnsafeRegister(static state => ((MeasurementWindow)state!).StopAll(), this);
    }

    public InstanceSlot[] Slots { get; }

    public long StartTimestamp { get; }

    public long Deadline { get; }

    /// <summary>Cancelled when the window is aborted or the run cancelled; passed to the test's operations.</summary>
    public CancellationToken Token => _stop.Token;

    public Exception? Error => Volatile.Read(ref _error);

    public void Abort(Exception error)
    {
        if (Interlocked.CompareExchange(ref _error, error, null) is null)
        {
            StopAll();
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The window already closed; nothing left to stop.
            }
        }
    }

    public void StopAll()
    {
        foreach (var slot in Slots)
        {
            slot.Stop();
        }
    }

    public void Dispose()
    {
        _runCancelled.Dispose();
        _stop.Dispose();
    }
}
