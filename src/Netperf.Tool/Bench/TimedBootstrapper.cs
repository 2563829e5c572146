using System.Collections.Concurrent;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;

namespace Netperf.Tool.Bench;

/// <summary>A bootstrapper that records how long each pair took from made to proven ready, and each step's time.</summary>
internal sealed class TimedBootstrapper(IPairBootstrapper inner, TimeProvider time) : IPairBootstrapper
{
    public ConcurrentBag<double> ReadySeconds { get; } = [];

    public ConcurrentBag<(string Step, double Seconds)> StepSeconds { get; } = [];

    public async Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        var started = time.GetTimestamp();
        var report = await inner.BootstrapAsync(pair, requirements, cancellationToken);
        ReadySeconds.Add(time.GetElapsedTime(started).TotalSeconds);
        foreach (var step in report.Steps)
        {
            StepSeconds.Add((step.Name, step.Duration.TotalSeconds));
        }

        return report;
    }
}
