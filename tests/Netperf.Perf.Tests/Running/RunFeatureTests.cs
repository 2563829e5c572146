using Netperf.Perf.Discovery;
using Netperf.Perf.Hosting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;
using Netperf.Perf.Tests.Fakes;

namespace Netperf.Perf.Tests.Running;

/// <summary>Run features plug into the runner: they join with the instances, get hooks around every stage, and add to measurements.</summary>
public sealed class RunFeatureTests
{
    [Fact]
    public async Task RunAsync_WithAFeature_HooksWrapEveryStageInOrderAndSeeTheInstances()
    {
        var scenario = Scenario.Create();
        var feature = new TracingFeature();

        var result = await RunAsync(scenario, Runs.Options(scenario, parallel: 2), [feature]);

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.Equal(2, feature.InstancesSeen);
        Assert.Equal(
            [
                "before GlobalSetup", "after GlobalSetup", "before Setup", "after Setup", "before PostSetup", "after PostSetup",
                "before Iteration 1", "measured Iteration 1", "after Iteration 1", "before PreCleanup", "after PreCleanup",
                "before Cleanup", "after Cleanup", "before GlobalCleanup", "after GlobalCleanup", "before Dispose", "after Dispose",
            ],
            feature.Trace);
    }

    [Fact]
    public async Task RunAsync_FeatureAddsToTheMeasurement_ResultCarriesIt()
    {
        var scenario = Scenario.Create();

        var result = await RunAsync(scenario, Runs.Options(scenario), [new TracingFeature()]);

        var iteration = Assert.Single(result.Iterations);
        Assert.Equal(7, iteration.DurationSeconds);
    }

    [Fact]
    public async Task RunAsync_FeatureHookThrows_StageFailsAndCleanupRuns()
    {
        var scenario = Scenario.Create();
        var feature = new TracingFeature { ThrowAfter = PerfStage.PostSetup };

        var result = await RunAsync(scenario, Runs.Options(scenario), [feature]);

        Assert.Equal(PerfRunStatus.Failed, result.Status);
        Assert.Equal(PerfStage.PostSetup, Assert.Single(result.Errors).Stage.Stage);
        Assert.Contains("after PreCleanup", feature.Trace);
        Assert.DoesNotContain("before Iteration 1", feature.Trace);
    }

    [Fact]
    public async Task RunAsync_FeatureDoesNotJoin_HasNoHooks()
    {
        var scenario = Scenario.Create();
        var feature = new TracingFeature { Joins = false };

        var result = await RunAsync(scenario, Runs.Options(scenario), [feature]);

        Assert.Equal(PerfRunStatus.Succeeded, result.Status);
        Assert.Empty(feature.Trace);
    }

    [Fact]
    public async Task PerfProgram_FeatureRejectsTheOptions_Exits2WithItsMessage()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new PerfProgramContext(output, error, [typeof(RunFeatureTests).Assembly]) { RunFeatures = [new TracingFeature { Problem = "--trace-level: must be 1..3; pass --trace-level 2." }] };

        var exit = await PerfProgram.RunAsync(["NoOp", "-d", "1", "-w", "0"], context);

        Assert.Equal(PerfExitCodes.UsageError, exit);
        Assert.Contains("--trace-level: must be 1..3", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("=== Results", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_LatencyOption_BuiltInFeatureRecordsEveryOperationOfTheWindow()
    {
        var scenario = Scenario.Create();
        var options = Runs.Options(scenario, stepMs: 300);
        options.Latency = true;

        var result = await RunAsync(scenario, options, PerfRunFeatures.BuiltIn);

        var iteration = Assert.Single(result.Iterations);
        Assert.NotNull(iteration.Latency);
        Assert.Equal(iteration.CompletedOperations, iteration.Latency.ServiceTime.Count);
        Assert.InRange(iteration.Latency.ServiceTime.P50, 300_000_000, 300_300_000);
    }

    [Fact]
    public async Task RunAsync_WithoutTheLatencyFeature_NoLatencyEvenWithTheOption()
    {
        var scenario = Scenario.Create();
        var options = Runs.Options(scenario, stepMs: 300);
        options.Latency = true;

        var result = await RunAsync(scenario, options, []);

        Assert.Null(Assert.Single(result.Iterations).Latency);
    }

    [Fact]
    public void BuiltIn_LatencyRateAndTestProxy()
    {
        Assert.Equal(["latency-rate", "test-proxy"], PerfRunFeatures.BuiltIn.Select(f => f.Name));
    }

    private static Task<PerfRunResult> RunAsync(Scenario scenario, RecordingTestOptions options, IReadOnlyList<IPerfRunFeature> features) =>
        new PerfRunner(PerfTestDescriptor.For(typeof(RecordingTest)), options, new PerfRunnerSettings { TimeProvider = scenario.Clock, Features = features })
            .RunAsync()
            .WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);

    /// <summary>Records its hooks; marks measurements by setting their duration to 7 (a value no run has here).</summary>
    private sealed class TracingFeature : IPerfRunFeature
    {
        public List<string> Trace { get; } = [];

        public int InstancesSeen { get; private set; }

        public bool Joins { get; init; } = true;

        public PerfStage? ThrowAfter { get; init; }

        public string? Problem { get; init; }

        public string Name => "tracing";

        public IEnumerable<string> Validate(PerfOptions options) => Problem is null ? [] : [Problem];

        public PerfRunFeatureSession? Join(PerfRunFeatureContext context)
        {
            InstancesSeen = context.Instances.Count;
            return Joins ? new Session(this) : null;
        }

        private sealed class Session(TracingFeature feature) : PerfRunFeatureSession
        {
            public override Task BeforeStageAsync(RunStage stage, CancellationToken cancellationToken)
            {
                feature.Trace.Add($"before {stage}");
                return Task.CompletedTask;
            }

            public override Task AfterStageAsync(RunStage stage, CancellationToken cancellationToken)
            {
                feature.Trace.Add($"after {stage}");
                return stage.Stage == feature.ThrowAfter ? throw new InvalidOperationException($"tracing failed after {stage}") : Task.CompletedTask;
            }

            public override PerfMeasurement OnMeasured(PerfMeasurement measurement)
            {
                feature.Trace.Add($"measured {measurement.Stage}");
                return measurement with { DurationSeconds = 7 };
            }
        }
    }
}
