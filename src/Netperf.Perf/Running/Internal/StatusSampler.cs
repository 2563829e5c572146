using Netperf.Perf.Results;

namespace Netperf.Perf.Running.Internal;

/// <summary>
/// The status samples of one measured window: each tick reads the instances' counts, adds a
/// <see cref="PerfSample"/> and hands it to the reporter. Ticks come from a <see cref="PeriodicTimer"/>
/// (<see cref="RunWithTimerAsync"/>) or from a thread of the sampler's own that sleeps between them
/// (<see cref="RunOnDedicatedThread"/>), which wakes no thread-pool worker.
/// </summary>
internal sealed class StatusSampler(TimeProvider clock, MeasurementWindow window, List<PerfSample> samples, Action<PerfSample> report)
{
    /// <summary>The name of the sampler's own thread.</summary>
    public const string ThreadName = "netperf-status";

    private long _lastCompleted;
    private long _lastTimestamp = window.StartTimestamp;

    /// <summary>Ticks every <paramref name="interval"/> through a <see cref="PeriodicTimer"/> until cancelled.</summary>
    public async Task RunWithTimerAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                Tick();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The window closed.
        }
    }

    /// <summary>
    /// Ticks every <paramref name="interval"/> after the window's start on a background thread of its own that
    /// blocks between ticks, until cancelled; a tick that falls behind is taken at once and the next one is an
    /// interval later (as a <see cref="PeriodicTimer"/> does). The task completes when the thread ends.
    /// </summary>
    public Task RunOnDedicatedThread(TimeSpan interval, CancellationToken cancellationToken)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var step = Math.Max(1, (long)(interval.TotalSeconds * clock.TimestampFrequency));
        var thread = new Thread(() =>
        {
            try
            {
                var stopped = cancellationToken.WaitHandle;
                var next = window.StartTimestamp + step;
                while (true)
                {
                    var wait = clock.GetElapsedTime(clock.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero && stopped.WaitOne(wait))
                    {
                        break;
                    }

                    if (cancellationToken.IsCancellationRequested)
                    {
                        break;
                    }

                    Tick();
                    next = Math.Max(next + step, clock.GetTimestamp());
                }

                completion.TrySetResult();
            }
            catch (Exception ex)
            {
                completion.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = ThreadName,
        };
        thread.Start();
        return completion.Task;
    }

    private void Tick()
    {
        var now = clock.GetTimestamp();
        long completed = 0;
        double average = 0;
        foreach (var slot in window.Slots)
        {
            var count = Volatile.Read(ref slot.Completed);
            var seconds = slot.LastCompletionSeconds;
            completed += count;
            average += seconds > 0 ? count / seconds : 0;
        }

        var interval = (double)(now - _lastTimestamp) / clock.TimestampFrequency;
        var sample = new PerfSample
        {
            ElapsedSeconds = (double)(now - window.StartTimestamp) / clock.TimestampFrequency,
            CompletedOperations = completed,
            CurrentOpsPerSecond = interval > 0 ? (completed - _lastCompleted) / interval : 0,
            AverageOpsPerSecond = average,
        };
        samples.Add(sample);
        report(sample);
        _lastCompleted = completed;
        _lastTimestamp = now;
    }
}
