// A perf-test project is one line: tests and modes are discovered in this assembly; the micro-benchmarks'
// `micro` mode comes from the Netperf.Perf.BenchmarkDotNet plug-in and `--profile` from Netperf.Perf.Diagnostics,
// passed here so they are found too.
return await Netperf.Perf.PerfProgram.RunAsync(
    args,
    typeof(Netperf.Perf.BenchmarkDotNet.MicroBenchmarkMode).Assembly,
    typeof(Netperf.Perf.Diagnostics.Profiling.ProfileFeature).Assembly);
