namespace Netperf.Perf.SystemTests;

/// <summary>Options of <see cref="ExceptionTest"/>.</summary>
public sealed class ExceptionTestOptions : PerfOptions
{
    /// <summary><c>--throw-in</c>: the stage that throws. Default <see cref="ExceptionTestStage.Run"/>.</summary>
    [PerfOption("--throw-in", Description = "The stage that throws: GlobalSetup, Setup, PostSetup, Run or Cleanup.")]
    public ExceptionTestStage ThrowIn { get; set; } = ExceptionTestStage.Run;
}
