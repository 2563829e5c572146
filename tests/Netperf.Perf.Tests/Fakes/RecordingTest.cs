using System.ComponentModel;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>Records every lifecycle call; each operation advances the scenario's fake clock by --step-ms.</summary>
[Description("Test fake: records its lifecycle.")]
public sealed class RecordingTest : PerfStressTest<RecordingTestOptions>
{
    private readonly Scenario _scenario;
    private long _runs;

    public RecordingTest(RecordingTestOptions options)
        : base(options)
    {
        _scenario = Scenario.Get(options.Key);
        _scenario.Instances.Add(this);
        _scenario.Record("ctor");
    }

    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) => Step("GlobalSetup");

    public override Task SetupAsync(CancellationToken cancellationToken = default) => Step("Setup");

    public override Task PostSetupAsync(CancellationToken cancellationToken = default) => Step("PostSetup");

    public override Task PreCleanupAsync(CancellationToken cancellationToken = default) => Step("PreCleanup");

    public override Task CleanupAsync(CancellationToken cancellationToken = default) => Step("Cleanup");

    public override Task GlobalCleanupAsync(CancellationToken cancellationToken = default) => Step("GlobalCleanup");

    public override void Run(CancellationToken cancellationToken) => Operation();

    public override ValueTask RunAsync(CancellationToken cancellationToken)
    {
        if (Options.Yield)
        {
            return YieldThenOperate();
        }

        Operation();
        return default;
    }

    private async ValueTask YieldThenOperate()
    {
        await Task.Yield();
        Operation();
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        _scenario.Record($"Dispose:{ParallelIndex}");
        await base.DisposeAsyncCore();
    }

    private void Operation()
    {
        if (Interlocked.Increment(ref _runs) == 1)
        {
            _scenario.Record($"Run:{ParallelIndex}");
            if (Options.ThrowIn == "Run")
            {
                throw new InvalidOperationException("thrown in Run");
            }
        }

        _scenario.Clock.Advance(TimeSpan.FromMilliseconds(Options.StepMs));
    }

    private Task Step(string name)
    {
        _scenario.Record($"{name}:{ParallelIndex}");
        if (Options.ThrowIn == name)
        {
            throw new InvalidOperationException($"thrown in {name}");
        }

        return Task.CompletedTask;
    }
}
