namespace Netperf.Testing.Time;

/// <summary>
/// Moves a <see cref="FakeClock"/> forward on its own, so that a test of code that waits minutes of fake
/// time (polls, retry-after, latencies modelled by a fake server) runs in real milliseconds while the code's own
/// budgets and timeouts are measured against those minutes. When nothing has touched the clock's timers for two
/// real milliseconds and nothing holds it, it jumps to the earliest timer someone waits on (a delay: the rhythm of
/// waiting code), firing on the way every timer due before it. Guards (the timers of a
/// <see cref="CancellationTokenSource"/> that cancels after a time) are never jumped to: when only guards are
/// left, time creeps towards them (<c>guardStep</c> per real millisecond), so a timeout fires when the code is
/// really stuck, not because a request or the JIT took a real second. Requests hold the clock through
/// <see cref="CreateHandler"/>, and real work the clock must not overtake (a real process standing in for a VM)
/// holds it with <see cref="Hold"/>.
/// </summary>
public sealed class ClockPump : IAsyncDisposable
{
    private static readonly TimeSpan Quantum = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(5);

    private readonly FakeClock _clock;
    private readonly TimeSpan _guardStep;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _holds;

    internal ClockPump(FakeClock clock, TimeSpan guardStep)
    {
        _clock = clock;
        _guardStep = guardStep;
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The clock it moves.</summary>
    public FakeClock Clock => _clock;

    /// <summary>Stops the clock from moving until the result is disposed (holds nest).</summary>
    /// <returns>The hold.</returns>
    public IDisposable Hold()
    {
        Interlocked.Increment(ref _holds);
        return new Release(this);
    }

    /// <summary>
    /// An HTTP handler that holds the clock while each request is on its way (at most five real seconds, so a
    /// request the fake answers only after fake time has passed cannot stop the clock for good).
    /// </summary>
    /// <param name="inner">The handler that sends the requests.</param>
    /// <returns>The holding handler (it owns <paramref name="inner"/>).</returns>
    public DelegatingHandler CreateHandler(HttpMessageHandler inner) => new HoldingHandler(this) { InnerHandler = inner };

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var seen = -1L;
        var quiet = 0;
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(Quantum, TimeProvider.System, _stop.Token).ConfigureAwait(false);
            var version = _clock.Version;
            if (Volatile.Read(ref _holds) > 0 || version != seen)
            {
                seen = version;
                quiet = 0;
                continue;
            }

            if (++quiet < 2)
            {
                continue;
            }

            var (wait, guard) = _clock.NextDue();
            if (wait is { } w)
            {
                _clock.Advance(w);
            }
            else if (guard is { } g)
            {
                _clock.Advance(g < _guardStep ? g : _guardStep);
                quiet = 2;
            }
        }
    }

    private sealed class Release(ClockPump pump) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Interlocked.Decrement(ref pump._holds);
            }
        }
    }

    private sealed class HoldingHandler(ClockPump pump) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var hold = pump.Hold();
            using var letGo = new CancellationTokenSource(LongestHold, TimeProvider.System);
            using var registration = letGo.Token.Register(hold.Dispose);
            try
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                hold.Dispose();
            }
        }
    }
}
