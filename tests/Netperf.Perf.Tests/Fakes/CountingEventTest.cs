using System.ComponentModel;

namespace Netperf.Perf.Tests.Fakes;

/// <summary>An event test whose events the test method raises, at fake times it controls.</summary>
[Description("Test fake: events raised by the test method.")]
public sealed class CountingEventTest : EventPerfTest<RecordingTestOptions>
{
    private readonly Scenario _scenario;

    public CountingEventTest(RecordingTestOptions options)
        : base(options)
    {
        _scenario = Scenario.Get(options.Key);
        _scenario.Instances.Add(this);
    }

    public void Raise() => EventRaised();

    public void Fail(Exception exception) => ErrorRaised(exception);

    public override Task CleanupAsync(CancellationToken cancellationToken = default)
    {
        _scenario.Record($"Cleanup:{ParallelIndex}");
        return Task.CompletedTask;
    }
}
