using System.ComponentModel;

namespace Netperf.Perf.SystemTests;

/// <summary>Throws on purpose (in the operation, or in the stage named by <c>--throw-in</c>): checks failure reporting and cleanup.</summary>
[Description("Throws on purpose (--throw-in STAGE); the run exits 1 after cleanup.")]
public sealed class ExceptionTest : PerfStressTest<ExceptionTestOptions>
{
    /// <summary>Creates the test.</summary>
    /// <param name="options">The options.</param>
    public ExceptionTest(ExceptionTestOptions options)
        : base(options)
    {
    }

    /// <inheritdoc />
    public override Task GlobalSetupAsync(CancellationToken cancellationToken = default) => MaybeThrow(ExceptionTestStage.GlobalSetup);

    /// <inheritdoc />
    public override Task SetupAsync(CancellationToken cancellationToken = default) => MaybeThrow(ExceptionTestStage.Setup);

    /// <inheritdoc />
    public override Task PostSetupAsync(CancellationToken cancellationToken = default) => MaybeThrow(ExceptionTestStage.PostSetup);

    /// <inheritdoc />
    public override Task CleanupAsync(CancellationToken cancellationToken = default) => MaybeThrow(ExceptionTestStage.Cleanup);

    /// <inheritdoc />
    public override void Run(CancellationToken cancellationToken) => ThrowIf(ExceptionTestStage.Run);

    /// <inheritdoc />
    public override ValueTask RunAsync(CancellationToken cancellationToken) => new(MaybeThrow(ExceptionTestStage.Run));

    private Task MaybeThrow(ExceptionTestStage stage)
    {
        ThrowIf(stage);
        return Task.CompletedTask;
    }

    private void ThrowIf(ExceptionTestStage stage)
    {
        if (Options.ThrowIn == stage)
        {
            throw new InvalidOperationException($"ExceptionTest threw in {stage} on purpose (--throw-in {stage}).");
        }
    }
}
