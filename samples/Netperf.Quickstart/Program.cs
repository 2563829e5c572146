using Netperf.Perf;
using Netperf.Quickstart;

// One executable, three roles:
//   (no mode)            the Quickstart job: acquire a pair, bootstrap, run the suite, publish, release;
//   perf TEST [options]  a perf test, as any PerfProgram test executable (the client side runs this);
//   netperf-server ...   the server side of the network tests (the peer runs this).
if (args.Length > 0 && args[0] == "perf")
{
    return await PerfProgram.RunAsync(args[1..]);
}

// The runner's --processes children (this executable started again with its private child argument
// first) and netperf-server belong to PerfProgram, never to the Quickstart job.
if (PerfProgram.OwnsInvocation(args))
{
    return await PerfProgram.RunAsync(args);
}

return await QuickstartHost.RunAsync(args, Console.Out, Console.Error);
