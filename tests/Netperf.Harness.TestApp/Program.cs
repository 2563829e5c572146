// A test executable with the harness is one line: the harness's assembly brings the network tests and netperf-server.
return await Netperf.Perf.PerfProgram.RunAsync(args, typeof(Netperf.Harness.NetworkTestHarness).Assembly);
