using Netperf.Perf.Discovery;
using Netperf.Perf.Reporting;
using Netperf.Perf.Results;
using Netperf.Perf.Running;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>Runs a fake test on the scenario's fake clock.</summary>
public static class Runs
{
    public static RecordingTestOptions Options(Scenario scenario, int duration = 1, int warmup = 0, int parallel = 1, int iterations = 1, bool sync = false, string? throwIn = null, int stepMs = 250, bool noCleanup = false) => new()
    {
        Key = scenario.Key,
        Duration = duration,
        Warmup = warmup,
        Parallel = parallel,
        Iterations = iterations,
        Sync = sync,
        ThrowIn = throwIn,
        StepMs = stepMs,
        NoCleanup = noCleanup,
    };

    public static Task<PerfRunResult> RunAsync<TTest>(Scenario scenario, RecordingTestOptions options, IPerfReporter? reporter = null, CancellationToken cancellationToken = default)
        where TTest : PerfTest
    {
        var runner = new PerfRunner(PerfTestDescriptor.For(typeof(TTest)), options, new PerfRunnerSettings
        {
            TimeProvider = scenario.Clock,
            Reporter = reporter ?? NullPerfReporter.Instance,
        });
        return runner.RunAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None);
    }
}
