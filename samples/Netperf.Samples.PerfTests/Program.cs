// A perf-test project is one line: tests, modes and micro-benchmarks are discovered in this assembly.
return await Netperf.Perf.PerfProgram.RunAsync(args);
