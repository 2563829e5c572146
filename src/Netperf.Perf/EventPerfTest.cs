using Netperf.Perf.Running.Internal;

namespace Netperf.Perf;

/// <summary>
/// A callback-driven test: it starts its event source (for example a processor or a subscription)
/// in <see cref="PerfTest.SetupAsync"/>, calls <see cref="EventRaised"/> for each event and
/// <see cref="ErrorRaised"/> on failure, which stops the run and fails it. The runner only opens and
/// closes the measurement windows; events outside a window are not counted.
/// </summary>
/// <typeparam name="TOptions">The test's options.</typeparam>
public abstract class EventPerfTest<TOptions> : PerfTest<TOptions>
    where TOptions : PerfOptions
{
    private Exception? _error;

    /// <summary>Creates the test with its options.</summary>
    /// <param name="options">The parsed options.</param>
    protected EventPerfTest(TOptions options)
        : base(options)
    {
    }

    internal sealed override PerfTestKind Kind => PerfTestKind.Event;

    /// <summary>The first error reported through <see cref="ErrorRaised"/>, if any.</summary>
    internal override Exception? PendingError => Volatile.Read(ref _error);

    /// <summary>Counts one event. Safe to call from any thread, concurrently.</summary>
    protected void EventRaised() => Slot.RecordEvent();

    /// <summary>Reports a failure of the event source: the run stops and fails with this exception.</summary>
    /// <param name="exception">What went wrong.</param>
    protected void ErrorRaised(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (Interlocked.CompareExchange(ref _error, exception, null) is null)
        {
            Slot.Window?.Abort(exception);
        }
    }
}
