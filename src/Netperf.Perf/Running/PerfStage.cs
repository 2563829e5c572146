namespace Netperf.Perf.Running;

/// <summary>
/// The stages of a run, in order. The state machine is:
/// <c>GlobalSetup → Setup → PostSetup → Warmup? → Iteration(1..n) → PreCleanup → Cleanup → GlobalCleanup → Dispose</c>.
/// A failure or cancellation jumps to the cleanup counterpart of the last stage entered:
/// <see cref="PreCleanup"/> runs when <see cref="PostSetup"/> was entered, <see cref="Cleanup"/>
/// when <see cref="Setup"/> was entered, <see cref="GlobalCleanup"/> when <see cref="GlobalSetup"/>
/// was entered, and <see cref="Dispose"/> always. <c>--no-cleanup</c> skips <see cref="Cleanup"/>
/// and <see cref="GlobalCleanup"/> only.
/// </summary>
public enum PerfStage
{
    /// <summary>Creating the instances, then <see cref="PerfTest.GlobalSetupAsync"/> on the first instance.</summary>
    GlobalSetup,

    /// <summary><see cref="PerfTest.SetupAsync"/> on every instance, concurrently.</summary>
    Setup,

    /// <summary><see cref="PerfTest.PostSetupAsync"/> on every instance, concurrently.</summary>
    PostSetup,

    /// <summary>The warm-up window (skipped with <c>--warmup 0</c>); measured but not part of the result.</summary>
    Warmup,

    /// <summary>One timed iteration (<see cref="RunStage.Iteration"/> says which).</summary>
    Iteration,

    /// <summary><see cref="PerfTest.PreCleanupAsync"/> on every instance.</summary>
    PreCleanup,

    /// <summary><see cref="PerfTest.CleanupAsync"/> on every instance.</summary>
    Cleanup,

    /// <summary><see cref="PerfTest.GlobalCleanupAsync"/> on the first instance.</summary>
    GlobalCleanup,

    /// <summary>Disposing every instance.</summary>
    Dispose,
}
