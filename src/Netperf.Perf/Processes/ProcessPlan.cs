namespace Netperf.Perf.Processes;

/// <summary>How a run's <c>--parallel</c> instances are spread over <c>--processes</c> child processes.</summary>
public sealed record ProcessPlan
{
    private ProcessPlan(IReadOnlyList<ProcessShare> shares, int parallel)
    {
        Shares = shares;
        Parallel = parallel;
    }

    /// <summary>Every process's share, in process order.</summary>
    public IReadOnlyList<ProcessShare> Shares { get; }

    /// <summary>The number of instances over all processes.</summary>
    public int Parallel { get; }

    /// <summary>The number of processes.</summary>
    public int ProcessCount => Shares.Count;

    /// <summary>The default process count: the number of cores, capped at <paramref name="parallel"/>.</summary>
    /// <param name="parallel">The run's <c>--parallel</c>.</param>
    public static int DefaultProcessCount(int parallel) => Math.Max(1, Math.Min(Environment.ProcessorCount, parallel));

    /// <summary>
    /// Spreads <paramref name="parallel"/> instances over <paramref name="processes"/> processes as evenly
    /// as possible, the first processes taking one more (10 over 4 = 3, 3, 2, 2).
    /// </summary>
    /// <param name="parallel">Instances of the run; at least 1.</param>
    /// <param name="processes">Processes; at least 1 and at most <paramref name="parallel"/>.</param>
    public static ProcessPlan Create(int parallel, int processes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parallel);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(processes);
        if (processes > parallel)
        {
            throw new ArgumentOutOfRangeException(
                nameof(processes), processes, $"--processes ({processes}) is larger than --parallel ({parallel}); every process needs at least one instance. Lower --processes or raise --parallel.");
        }

        var shares = new ProcessShare[processes];
        var offset = 0;
        for (var i = 0; i < processes; i++)
        {
            var count = (parallel / processes) + (i < parallel % processes ? 1 : 0);
            shares[i] = new ProcessShare(i, offset, count);
            offset += count;
        }

        return new ProcessPlan(shares, parallel);
    }
}
