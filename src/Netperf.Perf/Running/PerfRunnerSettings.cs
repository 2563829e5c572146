using Netperf.Perf.Reporting;

namespace Netperf.Perf.Running;

/// <summary>How a <see cref="PerfRunner"/> runs, beyond the test's options.</summary>
public sealed class PerfRunnerSettings
{
    /// <summary>The clock for timing and status intervals. Default: <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Where status lines and results go. Default: nowhere.</summary>
    public IPerfReporter Reporter { get; init; } = NullPerfReporter.Instance;

    /// <summary>Wraps every stage (barriers of a multi-process run). Default: pass-through.</summary>
    public IPerfStageGate? StageGate { get; init; }

    /// <summary>
    /// The <see cref="PerfTest.ParallelIndex"/> of this runner's first instance. Default 0; a child
    /// process of a multi-process run gets the offset of its share.
    /// </summary>
    public int FirstParallelIndex { get; init; }

    /// <summary>The index of this process in a multi-process run (0 for a single process); recorded per instance.</summary>
    public int ProcessIndex { get; init; }

    /// <summary>How many instances this runner hosts. Default (<see langword="null"/>): <see cref="PerfOptions.Parallel"/>.</summary>
    public int? InstanceCount { get; init; }

    /// <summary>
    /// Whether this runner runs <see cref="PerfStage.GlobalSetup"/> and <see cref="PerfStage.GlobalCleanup"/>
    /// on its first instance. Default <see langword="true"/>; a multi-process run sets it for one process only.
    /// </summary>
    public bool RunGlobalStages { get; init; } = true;

    /// <summary>
    /// The run features that join the run (latency/rate recording, the test proxy, plug-ins). Default:
    /// <see cref="PerfRunFeatures.BuiltIn"/>.
    /// </summary>
    public IReadOnlyList<IPerfRunFeature> Features { get; init; } = PerfRunFeatures.BuiltIn;

    /// <summary>
    /// The command-line arguments of the run, recorded in the result as parsed (response files expanded)
    /// with the values of <see cref="PerfOptionAttribute.Secret"/> options replaced by <c>***</c>.
    /// </summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];
}
