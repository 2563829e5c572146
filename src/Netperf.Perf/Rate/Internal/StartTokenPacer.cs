using System.Threading.Tasks.Sources;

namespace Netperf.Perf.Rate.Internal;

/// <summary>
/// The pacing loop of an async <c>--rate</c> window: one dedicated thread walks the <see cref="RateSchedule"/>,
/// waits for each operation's intended start with <see cref="PreciseWait"/> and hands out a start token
/// (the intended start timestamp) to an instance waiting in <see cref="NextAsync"/>. Tokens that find no
/// waiting instance (every instance busy) queue up in order, so a stall still delays the operations
/// behind it and shows in the corrected latency.
/// </summary>
/// <remarks>
/// An instance waiting for a token is resumed on the pacer's thread (no thread-pool hop: the measured
/// hand-off through the pool cost 20-1000 µs on the 2-core machine). The operation starts there; its first
/// real await returns the thread to the pacer. While the pacer runs an instance's synchronous part it
/// cannot release the next token, so when the instances keep holding it longer than <see cref="InlineBudget"/>
/// (more often than not over the last releases) it stops resuming inline for the rest of the window and
/// resumes waiters on the thread pool instead.
/// </remarks>
internal sealed class StartTokenPacer
{
    /// <summary>The token handed out when the window is over.</summary>
    public const long Finished = long.MaxValue;

    private const int OverBudgetLimit = 8;

    private readonly object _gate = new();
    private readonly Queue<long> _ready = new();
    private readonly Queue<Waiter> _parked = new();
    private readonly RateSchedule _schedule;
    private readonly TimeProvider _clock;
    private readonly Func<long> _deadline;
    private readonly long _inlineBudget;
    private bool _finished;
    private bool _inline = true;
    private int _overBudget;

    private StartTokenPacer(RateSchedule schedule, TimeProvider clock, Func<long> deadline)
    {
        _schedule = schedule;
        _clock = clock;
        _deadline = deadline;
        _inlineBudget = (long)(InlineBudget.TotalSeconds * clock.TimestampFrequency);
    }

    /// <summary>How long a resumed instance may hold the pacer's thread before it counts against resuming inline.</summary>
    public static TimeSpan InlineBudget { get; } = TimeSpan.FromMicroseconds(200);

    /// <summary>Whether waiters are still resumed on the pacer's thread (false once an instance held it too long).</summary>
    public bool ResumesInline
    {
        get
        {
            lock (_gate)
            {
                return _inline;
            }
        }
    }

    /// <summary>Starts the pacing thread for one window; it ends when the window's deadline passes or it is cancelled.</summary>
    /// <param name="schedule">The schedule, already started at the window's start.</param>
    /// <param name="clock">The clock of the schedule.</param>
    /// <param name="deadline">Reads the window's deadline (lowered when the window stops).</param>
    /// <param name="cancellationToken">The window's token.</param>
    public static StartTokenPacer Start(RateSchedule schedule, TimeProvider clock, Func<long> deadline, CancellationToken cancellationToken)
    {
        var pacer = new StartTokenPacer(schedule, clock, deadline);
        var thread = new Thread(() => pacer.Run(cancellationToken))
        {
            IsBackground = true,
            Name = "netperf-pacer",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return pacer;
    }

    /// <summary>Creates the waiter an instance reuses for every token (no allocation per operation).</summary>
    public static Waiter CreateWaiter() => new();

    /// <summary>The next start token: the intended start of the instance's next operation, or <see cref="Finished"/>.</summary>
    /// <param name="waiter">The instance's waiter.</param>
    public ValueTask<long> NextAsync(Waiter waiter)
    {
        ArgumentNullException.ThrowIfNull(waiter);
        lock (_gate)
        {
            if (_ready.TryDequeue(out var due))
            {
                return new ValueTask<long>(due);
            }

            if (_finished)
            {
                return new ValueTask<long>(Finished);
            }

            waiter.Arm(!_inline);
            _parked.Enqueue(waiter);
            return new ValueTask<long>(waiter, waiter.Version);
        }
    }

    private void Run(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var due = _schedule.TakeNext();
                if (due >= _deadline())
                {
                    return;
                }

                if (!PreciseWait.Until(_clock, due, () => due >= _deadline(), cancellationToken))
                {
                    return;
                }

                Release(due);
            }
        }
        finally
        {
            PreciseWait.Relax();
            Finish();
        }
    }

    private void Release(long due)
    {
        Waiter? waiter;
        bool inline;
        lock (_gate)
        {
            if (!_parked.TryDequeue(out waiter))
            {
                _ready.Enqueue(due);
                return;
            }

            inline = _inline;
        }

        if (!inline)
        {
            waiter.Complete(due);
            return;
        }

        var before = _clock.GetTimestamp();
        waiter.Complete(due);
        var held = _clock.GetTimestamp() - before;

        // A held pacer releases the next tokens late. One long hold is the OS preempting the thread; a test
        // whose synchronous part keeps holding it (CPU work before its first await) moves to the pool.
        _overBudget = held > _inlineBudget ? _overBudget + 1 : Math.Max(0, _overBudget - 1);
        if (_overBudget >= OverBudgetLimit)
        {
            lock (_gate)
            {
                _inline = false;
            }
        }
    }

    private void Finish()
    {
        Waiter[] parked;
        lock (_gate)
        {
            // Tokens released before the deadline stay to be taken (a stall's backlog, each with its intended start);
            // an instance that takes one after the window ended sees that and stops, as the sync path does.
            _finished = true;
            parked = [.. _parked];
            _parked.Clear();
        }

        foreach (var waiter in parked)
        {
            waiter.Complete(Finished);
        }
    }

    /// <summary>One instance's reusable wait for a token.</summary>
    internal sealed class Waiter : IValueTaskSource<long>
    {
        private ManualResetValueTaskSourceCore<long> _core;

        public short Version => _core.Version;

        public void Arm(bool onThreadPool)
        {
            _core.Reset();
            _core.RunContinuationsAsynchronously = onThreadPool;
        }

        public void Complete(long due) => _core.SetResult(due);

        public long GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);
    }
}
