namespace Netperf.Perf.SystemTests;

/// <summary>Where <see cref="ExceptionTest"/> throws.</summary>
public enum ExceptionTestStage
{
    /// <summary>In <see cref="PerfTest.GlobalSetupAsync"/>.</summary>
    GlobalSetup,

    /// <summary>In <see cref="PerfTest.SetupAsync"/>.</summary>
    Setup,

    /// <summary>In <see cref="PerfTest.PostSetupAsync"/>.</summary>
    PostSetup,

    /// <summary>In the operation (during the warm-up when there is one, else the first iteration).</summary>
    Run,

    /// <summary>In <see cref="PerfTest.CleanupAsync"/>.</summary>
    Cleanup,
}
