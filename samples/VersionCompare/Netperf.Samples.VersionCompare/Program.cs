using Netperf.Perf;

return await PerfProgram.RunAsync(args);
