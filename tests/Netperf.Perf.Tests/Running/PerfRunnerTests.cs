using System.Collections.Concurrent;
using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.SystemTests;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.Running;

public sealed class PerfRunnerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_OperationsOnFakeClock_OpsPerSecondIsCompletedOverLastCompletion(bool sync)
    {
        var scenario = Scenario.Create();

        // Each operation takes 300 fake ms; the window is 1 s: operations end at 0.3, 0.6, 0.9, 1.2.
        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, stepMs: 300, sync: sync));

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        var iteration = Assert.Single(result.Iterations);
        var instance = Assert.Single(iteration.Instances);
        Assert.Equal(4, instance.CompletedOperations);
        Assert.Equal(1.2, instance.LastCompletionSeconds, 9);
        Assert.Equal(4 / 1.2, result.OpsPerSecond, 9);
        Assert.Equal(1.2 / 4, result.SecondsPerOperation, 9);
    }

    [Fact]
    public async Task RunAsync_OperationsCompleteAsynchronously_CountsEachOnce()
    {
        var scenario = Scenario.Create();
        var options = Runs.Options(scenario, stepMs: 300);
        options.Yield = true;

        var result = await Runs.RunAsync<RecordingTest>(scenario, options);

        Assert.Equal(4, result.CompletedOperations);
        Assert.Equal(4 / 1.2, result.OpsPerSecond, 9);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task RunAsync_BatchTest_CountsEveryOperationOfEachBatch(bool sync, bool yield)
    {
        var scenario = Scenario.Create();
        var options = Runs.Options(scenario, stepMs: 500, sync: sync);
        options.Yield = yield;

        var result = await Runs.RunAsync<CountingBatchTest>(scenario, options);

        // Batches end at 0.5 and 1.0 s, 10 operations each.
        Assert.Equal(20, result.CompletedOperations);
        Assert.Equal(20.0, result.OpsPerSecond, 9);
    }

    [Fact]
    public async Task RunAsync_TwoEventInstances_SumsEachInstanceRateNotTotalOverDuration()
    {
        var scenario = Scenario.Create();
        var run = Runs.RunAsync<CountingEventTest>(scenario, Runs.Options(scenario, duration: 1, parallel: 2));

        // Two event windows (one per instance) and the status timer are armed once the window is open.
        scenario.WaitForTimers(3);
        var instances = scenario.Instances.Cast<CountingEventTest>().OrderBy(i => i.ParallelIndex).ToArray();
        // Instance 0: events at 0.25 and 0.5 s (4/s). Instance 1: at 0.2, 0.4, 0.6, 0.8 s (5/s).
        for (var ms = 50; ms <= 900; ms += 50)
        {
            scenario.Clock.Advance(TimeSpan.FromMilliseconds(50));
            if (ms is 250 or 500)
            {
                instances[0].Raise();
            }

            if (ms % 200 == 0)
            {
                instances[1].Raise();
            }
        }

        scenario.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await run;

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.Equal(6, result.CompletedOperations);
        Assert.Equal(9.0, result.OpsPerSecond, 9);
    }

    [Fact]
    public async Task RunAsync_EventTestRaisesError_StopsTheRunAndFailsItAfterCleanup()
    {
        var scenario = Scenario.Create();
        var run = Runs.RunAsync<CountingEventTest>(scenario, Runs.Options(scenario, duration: 3600));
        scenario.WaitForTimers(2);
        var instance = (CountingEventTest)Assert.Single(scenario.Instances);

        instance.Raise();
        instance.Fail(new InvalidOperationException("the event source broke"));
        var result = await run;

        Assert.Equal(PerfRunStatus.Failed, result.Status);
        var error = result.Errors[0];
        Assert.Equal(RunStage.ForIteration(1), error.Stage);
        Assert.Equal("the event source broke", error.Message);
        Assert.Contains("Cleanup:0", scenario.Log);
        Assert.Empty(result.Iterations);
    }

    [Fact]
    public async Task RunAsync_Lifecycle_RunsStagesInOrderOnEveryInstance()
    {
        var scenario = Scenario.Create();
        var reporter = new RecordingReporter();

        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, parallel: 2, warmup: 1, iterations: 2), reporter);

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.Equal(2, scenario.Count("ctor"));
        Assert.Equal(1, scenario.Count("GlobalSetup"));
        Assert.Equal(1, scenario.Count("GlobalCleanup"));
        Assert.Equal(
            ["GlobalSetup", "Setup", "PostSetup", "Run", "PreCleanup", "Cleanup", "GlobalCleanup", "Dispose"],
            scenario.Log.Where(e => e != "ctor").Select(e => e.Split(':')[0]).Distinct().ToArray());
        foreach (var (before, after) in new[] { ("Setup", "PostSetup"), ("PostSetup", "Run"), ("Run", "PreCleanup"), ("PreCleanup", "Cleanup"), ("Cleanup", "GlobalCleanup"), ("GlobalCleanup", "Dispose") })
        {
            Assert.True(scenario.LastIndexOfPrefix(before) < scenario.FirstIndexOfPrefix(after), $"every {before} precedes every {after}: {string.Join(", ", scenario.Log)}");
        }

        Assert.Equal(["Dispose:0", "Dispose:1"], scenario.Log.Where(e => e.StartsWith("Dispose", StringComparison.Ordinal)).Order().ToArray());
        Assert.Equal(
            ["stage:GlobalSetup", "stage:Setup", "stage:PostSetup", "stage:Warmup", "stage:Iteration 1", "stage:Iteration 2", "stage:PreCleanup", "stage:Cleanup", "stage:GlobalCleanup", "stage:Dispose"],
            reporter.Events.Where(e => e.StartsWith("stage:", StringComparison.Ordinal)).ToArray());
    }

    [Theory]
    [InlineData("GlobalSetup", PerfStage.GlobalSetup, new[] { "GlobalCleanup", "Dispose" }, new[] { "Setup", "PreCleanup", "Cleanup" })]
    [InlineData("Setup", PerfStage.Setup, new[] { "Cleanup", "GlobalCleanup", "Dispose" }, new[] { "PostSetup", "Run", "PreCleanup" })]
    [InlineData("PostSetup", PerfStage.PostSetup, new[] { "PreCleanup", "Cleanup", "GlobalCleanup", "Dispose" }, new[] { "Run" })]
    public async Task RunAsync_SetupStageThrows_RunsTheCleanupOfWhatWasEntered(string throwIn, PerfStage failed, string[] ran, string[] skipped)
    {
        var scenario = Scenario.Create();

        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, throwIn: throwIn));

        Assert.Equal(PerfRunStatus.Failed, result.Status);
        Assert.Equal(failed, Assert.Single(result.Errors).Stage.Stage);
        Assert.Contains($"thrown in {throwIn}", result.Errors[0].Message, StringComparison.Ordinal);
        Assert.All(ran, stage => Assert.True(scenario.Count(stage) > 0, $"{stage} ran"));
        Assert.All(skipped, stage => Assert.Equal(0, scenario.Count(stage)));
    }

    [Theory]
    [InlineData(1, PerfStage.Warmup)]
    [InlineData(0, PerfStage.Iteration)]
    public async Task RunAsync_OperationThrows_FailsThatWindowAndCleansUp(int warmup, PerfStage failed)
    {
        var scenario = Scenario.Create();

        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, warmup: warmup, throwIn: "Run"));

        Assert.Equal(PerfRunStatus.Failed, result.Status);
        Assert.Equal(failed, Assert.Single(result.Errors).Stage.Stage);
        Assert.Empty(result.Iterations);
        Assert.Equal(1, scenario.Count("PreCleanup"));
        Assert.Equal(1, scenario.Count("Cleanup"));
        Assert.Equal(1, scenario.Count("GlobalCleanup"));
        Assert.Equal(1, scenario.Count("Dispose"));
    }

    [Fact]
    public async Task RunAsync_NoCleanup_SkipsCleanupAndGlobalCleanupOnly()
    {
        var scenario = Scenario.Create();

        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, noCleanup: true));

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.Equal(1, scenario.Count("PreCleanup"));
        Assert.Equal(0, scenario.Count("Cleanup"));
        Assert.Equal(0, scenario.Count("GlobalCleanup"));
        Assert.Equal(1, scenario.Count("Dispose"));
    }

    [Fact]
    public async Task RunAsync_CleanupThrows_RecordsItAndStillRunsGlobalCleanupAndDispose()
    {
        var scenario = Scenario.Create();

        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, throwIn: "Cleanup"));

        Assert.Equal(PerfRunStatus.Failed, result.Status);
        Assert.Equal(PerfStage.Cleanup, Assert.Single(result.Errors).Stage.Stage);
        Assert.Single(result.Iterations);
        Assert.Equal(1, scenario.Count("GlobalCleanup"));
        Assert.Equal(1, scenario.Count("Dispose"));
    }

    [Fact]
    public async Task RunAsync_ThreeIterations_MeasuresEachSeparately()
    {
        var scenario = Scenario.Create();

        var result = await Runs.RunAsync<RecordingTest>(scenario, Runs.Options(scenario, iterations: 3, warmup: 1, stepMs: 500));

        Assert.Equal([1, 2, 3], result.Iterations.Select(i => i.Stage.Iteration).ToArray());
        Assert.All(result.Iterations, i => Assert.Equal(2, i.CompletedOperations));
        Assert.NotNull(result.Warmup);
        Assert.Equal(PerfStage.Warmup, result.Warmup!.Stage.Stage);
        Assert.Equal(6, result.CompletedOperations);
        Assert.Equal(2.0, result.OpsPerSecond, 9);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheWindowAndCleansUp()
    {
        var scenario = Scenario.Create();
        using var cancellation = new CancellationTokenSource();
        var run = Runs.RunAsync<CountingEventTest>(scenario, Runs.Options(scenario, duration: 3600), cancellationToken: cancellation.Token);
        scenario.WaitForTimers(2);

        await cancellation.CancelAsync();
        var result = await run;

        Assert.Equal(PerfRunStatus.Cancelled, result.Status);
        Assert.Empty(result.Errors);
        Assert.Contains("Cleanup:0", scenario.Log);
    }

    [Fact]
    public async Task RunAsync_StatusInterval_ReportsSamplesWithCurrentTotalAndAverage()
    {
        var scenario = Scenario.Create();
        var reporter = new RecordingReporter();
        var options = Runs.Options(scenario, duration: 2);
        options.StatusInterval = 0.5;
        var run = Runs.RunAsync<CountingEventTest>(scenario, options, reporter);
        scenario.WaitForTimers(2);
        var instance = (CountingEventTest)Assert.Single(scenario.Instances);

        scenario.Clock.Advance(TimeSpan.FromMilliseconds(100));
        instance.Raise();
        scenario.Clock.Advance(TimeSpan.FromMilliseconds(100));
        instance.Raise();
        scenario.Clock.Advance(TimeSpan.FromMilliseconds(300));
        var first = await reporter.NextSampleAsync();
        scenario.Clock.Advance(TimeSpan.FromMilliseconds(100));
        instance.Raise();
        scenario.Clock.Advance(TimeSpan.FromMilliseconds(400));
        var second = await reporter.NextSampleAsync();
        scenario.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await run;

        Assert.Equal(0.5, first.ElapsedSeconds, 9);
        Assert.Equal(2, first.CompletedOperations);
        Assert.Equal(4.0, first.CurrentOpsPerSecond, 9);
        Assert.Equal(10.0, first.AverageOpsPerSecond, 9);
        Assert.Equal(1.0, second.ElapsedSeconds, 9);
        Assert.Equal(3, second.CompletedOperations);
        Assert.Equal(2.0, second.CurrentOpsPerSecond, 9);
        Assert.Equal(5.0, second.AverageOpsPerSecond, 9);
        Assert.Equal(first, Assert.Single(result.Iterations).Samples[0]);
    }

    [Fact]
    public async Task RunAsync_SystemClockSyncRun_ReportsStatusFromItsOwnThreadNotThePool()
    {
        // A timer's tick runs on a thread-pool worker, and the woken workers spin on the cores the test's own
        // threads need (issue #19): with the system clock the samples come from the runner's status thread.
        var reporter = new ThreadRecordingReporter();
        var options = new PerfOptions { Duration = 1, Warmup = 0, Sync = true, StatusInterval = 0.1 };
        var runner = new PerfRunner(PerfTestDescriptor.For(typeof(NoOpTest)), options, new PerfRunnerSettings
        {
            TimeProvider = TimeProvider.System,
            Reporter = reporter,
        });

        var result = await runner.RunAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.NotEmpty(result.Iterations[0].Samples);
        Assert.Equal(result.Iterations[0].Samples.Count, reporter.Threads.Count);
        Assert.All(reporter.Threads, thread => Assert.Equal(("netperf-status", false), thread));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheOption()
    {
        var scenario = Scenario.Create();
        var options = Runs.Options(scenario, duration: 0);

        var error = Assert.Throws<ArgumentException>(() => new PerfRunner(Netperf.Perf.Discovery.PerfTestDescriptor.For(typeof(RecordingTest)), options));

        Assert.Contains("--duration", error.Message, StringComparison.Ordinal);
    }

    private sealed class ThreadRecordingReporter : IPerfReporter
    {
        public ConcurrentQueue<(string? Name, bool IsPoolThread)> Threads { get; } = new();

        public void RunStarting(string test, PerfOptions options)
        {
        }

        public void StageStarting(RunStage stage)
        {
        }

        public void Status(RunStage stage, PerfSample sample) =>
            Threads.Enqueue((Thread.CurrentThread.Name, Thread.CurrentThread.IsThreadPoolThread));

        public void StageCompleted(PerfStageOutcome outcome)
        {
        }

        public void RunCompleted(PerfRunResult result)
        {
        }
    }
}
