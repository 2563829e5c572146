// The legacy perf tests: Legacy<Name> classes, compared with <Name> of the current tests by `compare --legacy`.
return await Netperf.Perf.PerfProgram.RunAsync(args);
