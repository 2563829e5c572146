using System.ComponentModel;

namespace Netperf.Perf.SystemTests;

/// <summary>Sleeps <c>--delay-ms</c> per operation: checks that ops/s = parallel × 1000 / delay.</summary>
[Description("Sleeps --delay-ms per operation (expected ops/s = parallel x 1000 / delay).")]
public sealed class SleepTest : PerfStressTest<SleepTestOptions>
{
    private readonly TimeSpan _delay;

    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public SleepTest(SleepTestOptions options)
        : base(options)
    {
        _delay = TimeSpan.FromMilliseconds(options.DelayMs);
    }

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken)
    {
        // A blocking wait that wakes early on cancellation.
        cancellationToken.WaitHandle.WaitOne(_delay);
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <inheritdoc />
    public override async ValueTask RunAsync(CancellationToken cancellationToken) =>
        await Task.Delay(_delay, TimeProvider.System, cancellationToken).ConfigureAwait(false);
}
