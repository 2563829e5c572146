namespace Netperf.Testing.Time;

/// <summary>
/// Moves a <see cref="FakeTimeProvider"/> forward on its own, so that a test of code that waits minutes of
/// fake time (polls, retry-after, latencies modelled by a fake server) runs in real milliseconds while the
/// code's own budgets and timeouts are measured against those minutes. Every real millisecond it looks at the
/// waiting timers: one due within the jump limit (a poll or a retry delay: the rhythm of waiting code) is
/// jumped to at once; when only later timers wait (timeouts: guards, not rhythm), time moves by a small step,
/// so a guard fires only after the code has really been stuck, never because a request took a real millisecond.
/// Code that does real work the clock must not overtake (a real process standing in for a VM) holds it with
/// <see cref="Hold"/>.
/// </summary>
public sealed class ClockPump : IAsyncDisposable
{
    private static readonly TimeSpan Quantum = TimeSpan.FromMilliseconds(1);

    private readonly FakeTimeProvider _clock;
    private readonly TimeSpan _jumpLimit;
    private readonly TimeSpan _step;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _holds;

    internal ClockPump(FakeTimeProvider clock, TimeSpan jumpLimit, TimeSpan step)
    {
        _clock = clock;
        _jumpLimit = jumpLimit;
        _step = step;
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The clock it moves.</summary>
    public FakeTimeProvider Clock => _clock;

    /// <summary>Stops the clock from moving until the result is disposed (holds nest).</summary>
    /// <returns>The hold.</returns>
    public IDisposable Hold()
    {
        Interlocked.Increment(ref _holds);
        return new Release(this);
    }

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
        while (!_stop.IsCancellationRequested)
        {
            await Task.Delay(Quantum, TimeProvider.System, _stop.Token).ConfigureAwait(false);
            if (Volatile.Read(ref _holds) > 0 || _clock.NextTimerDueIn is not { } next)
            {
                continue;
            }

            _clock.Advance(next <= _jumpLimit ? next : _step);
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
}
