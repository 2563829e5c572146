using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace Netperf.Benchmarks.Micro;

/// <summary>The clock reads the loops can use: the direct call the runner uses for the system clock, and TimeProvider's virtual call.</summary>
public class ClockBenchmarks
{
    private readonly TimeProvider _provider = TimeProvider.System;

    [Benchmark(Baseline = true)]
    public long StopwatchGetTimestamp() => Stopwatch.GetTimestamp();

    [Benchmark]
    public long TimeProviderGetTimestamp() => _provider.GetTimestamp();
}
