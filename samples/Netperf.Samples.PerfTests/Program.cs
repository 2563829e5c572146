// A perf-test project is one line: tests and modes are discovered in this assembly; the micro-benchmarks'
// `micro` mode comes from the Netperf.Perf.BenchmarkDotNet plug-in, passed here so it is found too.
return await Netperf.Perf.PerfProgram.RunAsync(args, typeof(Netperf.Perf.BenchmarkDotNet.MicroBenchmarkMode).Assembly);
