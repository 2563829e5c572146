using Microsoft.Extensions.Time.Testing;

namespace Netperf.Testing.Time;

/// <summary>
/// The fake clock of Microsoft.Extensions.TimeProvider.Testing (time moves only when a test calls
/// <see cref="FakeTimeProvider.Advance(TimeSpan)"/>; every timer due within one <c>Advance</c> fires at its end time), with
/// two additions: timestamps count from the clock's start (so a test reads one as the time since start, and
/// <see cref="TimeProvider.GetElapsedTime(long, long)"/> keeps full precision), and a ledger of waiting timers (how many,
/// and when the next is due) so a test can wait for the code under test to arm one before it moves time. Timers fire
/// exactly as the library fires them.
/// </summary>
public sealed class FakeClock : FakeTimeProvider
{
    private readonly Lock _gate = new();
    private readonly HashSet<TrackedTimer> _timers = [];
    private long _version;

    /// <summary>Creates the clock at 2026-01-01T00:00:00Z, or at <paramref name="start"/>.</summary>
    /// <param name="start">The start, or <see langword="null"/>.</param>
    public FakeClock(DateTimeOffset? start = null)
        : base(start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Ticks (of <see cref="FakeTimeProvider.TimestampFrequency"/>, 10 000 000 a second) since <see cref="FakeTimeProvider.Start"/>.</summary>
    /// <returns>The timestamp.</returns>
    public override long GetTimestamp() => (GetUtcNow() - Start).Ticks;

    /// <summary>How many timers are waiting; lets a test wait for the code under test to arm one.</summary>
    public int PendingTimers
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count(t => t.DueAt is not null);
            }
        }
    }

    /// <summary>How long until the earliest waiting timer is due (zero when one is overdue); <see langword="null"/> when none waits.</summary>
    public TimeSpan? NextTimerDueIn
    {
        get
        {
            var (wait, guard) = NextDue();
            return wait is null ? guard : guard is null ? wait : wait < guard ? wait : guard;
        }
    }

    /// <summary>Changes whenever a timer is made, changed, fired or disposed (the clock pump's sign of activity).</summary>
    internal long Version => Interlocked.Read(ref _version);

    /// <summary>
    /// How long until the earliest timer someone waits on (a delay) and until the earliest guard (the timer of a
    /// <see cref="CancellationTokenSource"/> that cancels after a time) are due.
    /// </summary>
    internal (TimeSpan? Wait, TimeSpan? Guard) NextDue()
    {
        var now = GetUtcNow();
        lock (_gate)
        {
            TimeSpan? Due(bool guard)
            {
                var next = _timers.Where(t => t.IsGuard == guard).Select(t => t.DueAt).Where(d => d is not null).Min();
                return next is null ? null : next <= now ? TimeSpan.Zero : next.Value - now;
            }

            return (Due(guard: false), Due(guard: true));
        }
    }

    /// <summary>
    /// Starts moving this clock on its own (see <see cref="ClockPump"/>) so that code waiting minutes of
    /// fake time finishes in milliseconds; dispose the result to stop.
    /// </summary>
    /// <param name="guardStep">How far time moves per real millisecond when only guards (timeouts) are left; default 50 ms.</param>
    /// <returns>The running pump.</returns>
    public ClockPump AutoAdvance(TimeSpan? guardStep = null) => new(this, guardStep ?? TimeSpan.FromMilliseconds(50));

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        // A CancellationTokenSource passes itself: its timer is a guard (a timeout), not something waited on.
        var tracked = new TrackedTimer(this) { IsGuard = state is CancellationTokenSource };
        tracked.Inner = base.CreateTimer(
            s =>
            {
                tracked.Fired();
                callback(s);
            },
            state,
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            _timers.Add(tracked);
        }

        tracked.Change(dueTime, period);
        return tracked;
    }

    private sealed class TrackedTimer(FakeClock owner) : ITimer
    {
        private TimeSpan? _period;

        public ITimer Inner { get; set; } = null!;

        public DateTimeOffset? DueAt { get; private set; }

        public bool IsGuard { get; init; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner.GetUtcNow() + dueTime;
                _period = period == Timeout.InfiniteTimeSpan || period == TimeSpan.Zero ? null : period;
            }

            Interlocked.Increment(ref owner._version);

            // Outside the lock: a timer due now fires inside Change.
            return Inner.Change(dueTime, period);
        }

        public void Fired()
        {
            lock (owner._gate)
            {
                DueAt = _period is { } period && DueAt is { } due ? due + period : null;
            }

            Interlocked.Increment(ref owner._version);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }

            Interlocked.Increment(ref owner._version);
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
