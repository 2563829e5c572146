using Netperf.Perf.Running;

namespace Netperf.Perf.Results;

/// <summary>The measurement of one warm-up or iteration: per-instance counters, totals and status samples.</summary>
public sealed record PerfMeasurement
{
    /// <summary>The stage measured (<see cref="PerfStage.Warmup"/> or an iteration).</summary>
    public required RunStage Stage { get; init; }

    /// <summary>The configured length of the window, in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>Every instance's counters.</summary>
    public required IReadOnlyList<PerfInstanceResult> Instances { get; init; }

    /// <summary>Status samples taken during the window.</summary>
    public IReadOnlyList<PerfSample> Samples { get; init; } = [];

    /// <summary>With <c>--latency</c>: percentiles and mergeable histograms over all instances (null otherwise).</summary>
    public Latency.PerfLatency? Latency { get; init; }

    /// <summary>In a multi-process run, each process's own samples (null for a single process).</summary>
    public IReadOnlyList<Processes.PerfProcessSeries>? ProcessSamples { get; init; }

    /// <summary>Operations completed over all instances.</summary>
    public long CompletedOperations => Instances.Sum(i => i.CompletedOperations);

    /// <summary>Operations per second by <see cref="PerfResultMath.OpsPerSecond"/>.</summary>
    public double OpsPerSecond => PerfResultMath.OpsPerSecond(Instances);

    /// <summary>Seconds per operation (the inverse of <see cref="OpsPerSecond"/>).</summary>
    public double SecondsPerOperation => PerfResultMath.SecondsPerOperation(OpsPerSecond);

    /// <summary>
    /// Merges the measurements of the same stage from several processes: instances are concatenated
    /// and samples are summed interval by interval.
    /// </summary>
    /// <param name="parts">The parts, all of the same stage.</param>
    /// <returns>The merged measurement.</returns>
    public static PerfMeasurement Merge(IReadOnlyList<PerfMeasurement> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Merging needs at least one measurement.", nameof(parts));
        }

        var stage = parts[0].Stage;
        if (parts.Any(p => p.Stage != stage))
        {
            throw new ArgumentException($"Only measurements of the same stage merge; got {string.Join(", ", parts.Select(p => p.Stage).Distinct())}.", nameof(parts));
        }

        var sampleCount = parts.Min(p => p.Samples.Count);
        var samples = new List<PerfSample>(sampleCount);
        for (var i = 0; i < sampleCount; i++)
        {
            samples.Add(new PerfSample
            {
                ElapsedSeconds = parts.Max(p => p.Samples[i].ElapsedSeconds),
                CompletedOperations = parts.Sum(p => p.Samples[i].CompletedOperations),
                CurrentOpsPerSecond = parts.Sum(p => p.Samples[i].CurrentOpsPerSecond),
                AverageOpsPerSecond = parts.Sum(p => p.Samples[i].AverageOpsPerSecond),
            });
        }

        return new PerfMeasurement
        {
            Stage = stage,
            DurationSeconds = parts.Max(p => p.DurationSeconds),
            Instances = parts.SelectMany(p => p.Instances).OrderBy(i => i.ParallelIndex).ToList(),
            Samples = samples,
            Latency = Netperf.Perf.Latency.PerfLatency.Merge(parts.Select(p => p.Latency)),
            ProcessSamples = parts.Count < 2 ? null : [.. parts.Select((p, i) => new Processes.PerfProcessSeries { ProcessIndex = p.Instances.Count > 0 ? p.Instances[0].ProcessIndex : i, Samples = p.Samples })],
        };
    }
}
