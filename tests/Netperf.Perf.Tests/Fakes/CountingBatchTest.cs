using System.ComponentModel;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>A batch test: each call completes 10 operations and advances the fake clock by --step-ms.</summary>
[Description("Test fake: batches of 10.")]
public sealed class CountingBatchTest : BatchPerfTest<RecordingTestOptions>
{
    private readonly Scenario _scenario;

    public CountingBatchTest(RecordingTestOptions options)
        : base(options)
    {
        _scenario = Scenario.Get(options.Key);
    }

    public override int RunBatch(CancellationToken cancellationToken)
    {
        _scenario.Clock.Advance(TimeSpan.FromMilliseconds(Options.StepMs));
        return 10;
    }

    public override async ValueTask<int> RunBatchAsync(CancellationToken cancellationToken)
    {
        if (Options.Yield)
        {
            await Task.Yield();
        }

        return RunBatch(cancellationToken);
    }
}
