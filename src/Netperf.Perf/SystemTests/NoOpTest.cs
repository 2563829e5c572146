using System.ComponentModel;

namespace Netperf.Perf.SystemTests;

/// <summary>Does nothing: measures the framework's own overhead per operation.</summary>
[Description("Does nothing; measures the framework's overhead per operation.")]
public sealed class NoOpTest : PerfStressTest<PerfOptions>
{
    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public NoOpTest(PerfOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken)
    {
    }

    /// <inheritdoc />
    public override ValueTask RunAsync(CancellationToken cancellationToken) => default;
}
