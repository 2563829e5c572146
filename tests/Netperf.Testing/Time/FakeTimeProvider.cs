namespace Netperf.Testing.Time;

/// <summary>
/// A hand-written fake clock: time moves only when a test calls <see cref="Advance"/>, and timers
/// (including <c>Task.Delay(TimeSpan, TimeProvider, CancellationToken)</c>) fire when it passes their due time.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private readonly object _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timestamp;
    private long _version;

    /// <summary>Creates the clock at a fixed start (2026-01-01T00:00:00Z unless given).</summary>
    public FakeTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Ticks per second of <see cref="GetTimestamp"/> (one tick = 100 ns).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

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
            return (wait, guard) switch
            {
                (null, null) => null,
                ({ } w, null) => w,
                (null, { } g) => g,
                ({ } w, { } g) => w < g ? w : g,
            };
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
        lock (_gate)
        {
            TimeSpan? Due(bool guard)
            {
                var next = _timers.Where(t => t.DueAt is not null && t.IsGuard == guard).Select(t => t.DueAt!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();
                return next == DateTimeOffset.MaxValue ? null : next <= _now ? TimeSpan.Zero : next - _now;
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
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc />
    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _timestamp;
        }
    }

    /// <summary>Moves time forward and fires every timer that falls due, in due order.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(t => t.DueAt is not null && t.DueAt <= target).MinBy(t => t.DueAt);
                if (next is null)
                {
                    _timestamp += (target - _now).Ticks;
                    _now = target;
                    return;
                }

                var dueAt = next.DueAt!.Value;
                if (dueAt > _now)
                {
                    _timestamp += (dueAt - _now).Ticks;
                    _now = dueAt;
                }

                next.DueAt = next.Period is { } period && period > TimeSpan.Zero ? _now + period : null;
            }

            Interlocked.Increment(ref _version);
            next.Fire();
        }
    }

    /// <summary>Sets the wall clock without moving timestamps or firing timers.</summary>
    public void SetUtcNow(DateTimeOffset value)
    {
        lock (_gate)
        {
            _now = value;
        }
    }

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // A CancellationTokenSource passes itself: its timer is a guard (a timeout), not something waited on.
        var timer = new FakeTimer(this, callback, state) { IsGuard = state is CancellationTokenSource };
        lock (_gate)
        {
            _timers.Add(timer);
        }

        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset? DueAt { get; set; }

        public TimeSpan? Period { get; set; }

        public bool IsGuard { get; init; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (!owner._timers.Contains(this))
                {
                    return false;
                }

                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : owner._now + dueTime;
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
            }

            Interlocked.Increment(ref owner._version);

            if (dueTime == TimeSpan.Zero)
            {
                owner.Advance(TimeSpan.Zero);
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner._gate)
            {
                owner._timers.Remove(this);
            }

            Interlocked.Increment(ref owner._version);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
