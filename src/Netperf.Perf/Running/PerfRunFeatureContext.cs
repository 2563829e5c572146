namespace Netperf.Perf.Running;

/// <summary>What an <see cref="IPerfRunFeature"/> sees of the run it joins, in this process.</summary>
public sealed class PerfRunFeatureContext
{
    /// <summary>Creates the context.</summary>
    /// <param name="options">The run's options.</param>
    /// <param name="instances">The instances this process hosts.</param>
    /// <param name="timeProvider">The run's clock.</param>
    public PerfRunFeatureContext(PerfOptions options, IReadOnlyList<PerfTest> instances, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options = options;
        Instances = instances;
        TimeProvider = timeProvider;
    }

    /// <summary>The run's options.</summary>
    public PerfOptions Options { get; }

    /// <summary>The instances this process hosts (their <see cref="PerfTest.ParallelIndex"/> is set).</summary>
    public IReadOnlyList<PerfTest> Instances { get; }

    /// <summary>The run's clock.</summary>
    public TimeProvider TimeProvider { get; }
}
