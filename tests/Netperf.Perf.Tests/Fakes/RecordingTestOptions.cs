namespace Netperf.Perf.Tests.Fakes;

public sealed class RecordingTestOptions : PerfOptions
{
    [PerfOption("--key", Description = "Scenario key.")]
    public string Key { get; set; } = string.Empty;

    [PerfOption("--throw-in", Description = "Stage to throw in.")]
    public string? ThrowIn { get; set; }

    [PerfOption("--yield", Description = "RunAsync completes asynchronously.")]
    public bool Yield { get; set; }

    [PerfOption("--step-ms", Description = "Fake milliseconds each operation takes.")]
    public int StepMs { get; set; } = 250;
}
