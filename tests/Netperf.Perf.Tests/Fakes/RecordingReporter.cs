using System.Collections.Concurrent;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Tests.Fakes;

public sealed class RecordingReporter : IPerfReporter
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentQueue<PerfSample> Samples { get; } = new();

    public void RunStarting(string test, PerfOptions options) => Events.Enqueue($"start:{test}");

    public void StageStarting(RunStage stage) => Events.Enqueue($"stage:{stage}");

    private readonly SemaphoreSlim _sampled = new(0);

    public void Status(RunStage stage, PerfSample sample)
    {
        Samples.Enqueue(sample);
        _sampled.Release();
    }

    /// <summary>Waits for the next status sample (a signal, not a sleep).</summary>
    public async Task<PerfSample> NextSampleAsync()
    {
        if (!await _sampled.WaitAsync(TimeSpan.FromSeconds(20)))
        {
            throw new TimeoutException("No status sample arrived.");
        }

        return Samples.ToArray()[^(_sampled.CurrentCount + 1)];
    }

    public void StageCompleted(PerfStageOutcome outcome) =>
        Events.Enqueue($"done:{outcome.Stage}:{(outcome.Failure is null ? (outcome.Cancelled ? "cancelled" : "ok") : "failed")}");

    public void RunCompleted(PerfRunResult result) => Events.Enqueue($"end:{result.Status}");
}
