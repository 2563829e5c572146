using System.Runtime.ExceptionServices;
using Netperf.Perf.Results;
using Netperf.Perf.Running.Internal;

namespace Netperf.Perf.Running;

/// <summary>The measured stages: warm-up and iterations.</summary>
public sealed partial class PerfRunner
{
    /// <summary>The longest wait for the JIT to go quiet before a window (see <see cref="JitSettler"/>; the stage gates wait).</summary>
    internal static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(2);

    private async Task<PerfMeasurement> MeasureAsync(RunStage stage, int seconds, CancellationToken cancellationToken)
    {
        ThrowPendingError();
        using var window = new MeasurementWindow(_clock, TimeSpan.FromSeconds(seconds), _instances.Count, cancellationToken);
        var loops = new Task[_instances.Count];
        for (var i = 0; i < loops.Length; i++)
        {
            _instances[i].Slot = window.Slots[i];
        }

        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = GuardAsync(_loop!.StartAsync(_instances[i], window.Slots[i], window.Token), window);
        }

        var samples = new List<PerfSample>();
        using var stopStatus = new CancellationTokenSource();
        var status = SampleStatusAsync(stage, window, samples, stopStatus.Token);
        try
        {
            await Task.WhenAll(loops).ConfigureAwait(false);
        }
        finally
        {
            window.StopAll();
            await stopStatus.CancelAsync().ConfigureAwait(false);
            await status.ConfigureAwait(false);
        }

        if (window.Error is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }

        cancellationToken.ThrowIfCancellationRequested();
        ThrowPendingError();
        var measurement = new PerfMeasurement
        {
            Stage = stage,
            DurationSeconds = seconds,
            Instances = [.. window.Slots.Select((slot, i) => new PerfInstanceResult
            {
                ParallelIndex = _instances[i].ParallelIndex,
                ProcessIndex = _settings.ProcessIndex,
                CompletedOperations = Volatile.Read(ref slot.Completed),
                LastCompletionSeconds = slot.LastCompletionSeconds,
            })],
            Samples = samples,
        };
        foreach (var feature in _features)
        {
            measurement = feature.OnMeasured(measurement);
        }

        return measurement;
    }

    private static async Task GuardAsync(Task loop, MeasurementWindow window)
    {
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (window.Token.IsCancellationRequested)
        {
            // The window was stopped while an operation was in flight; that operation does not count.
        }
        catch (Exception ex)
        {
            window.Abort(ex);
        }
    }

    private void ThrowPendingError()
    {
        foreach (var instance in _instances)
        {
            if (instance.PendingError is { } error)
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
        }
    }

    /// <summary>
    /// Samples the window's progress every <see cref="PerfOptions.StatusInterval"/> until cancelled. With the system
    /// clock the sampler is a thread of its own that sleeps between samples: a timer's tick would run on a thread-pool
    /// worker, and the workers then spin (<c>sched_yield</c>) for a while looking for more work, on the cores that a
    /// <c>--sync</c> test's threads wake up on (issue #19). Any other clock (tests) ticks through a
    /// <see cref="PeriodicTimer"/>.
    /// </summary>
    private Task SampleStatusAsync(RunStage stage, MeasurementWindow window, List<PerfSample> samples, CancellationToken cancellationToken)
    {
        var sampler = new StatusSampler(_clock, window, samples, sample => _settings.Reporter.Status(stage, sample));
        var interval = TimeSpan.FromSeconds(_options.StatusInterval);
        return _clock == TimeProvider.System
            ? sampler.RunOnDedicatedThread(interval, cancellationToken)
            : sampler.RunWithTimerAsync(interval, cancellationToken);
    }
}
