using BenchmarkDotNet.Running;
using Netperf.Benchmarks.NoOp;

// noop [--duration S] [--warmup S] [--rounds N]: our NoOp vs a plain loop, ratio printed.
// micro [BenchmarkDotNet arguments]: the hot-path micro-benchmarks (run loop, counters, clock, RandomStream).
if (args.Length > 0 && args[0] == "noop")
{
    return await NoOpComparison.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "micro")
{
    var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args[1..]);
    return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
}

Console.Error.WriteLine("Usage: Netperf.Benchmarks noop [--duration S] [--warmup S] [--rounds N] | micro [BenchmarkDotNet arguments]");
return 2;
