using Netperf.Harness;
using Netperf.Perf;
using Netperf.Quickstart;

// One executable, three roles, all of them Netperf.Harness's:
//   (no mode)            the Quickstart job: NetworkTestHarness acquires a pair, bootstraps, runs the suite, publishes, releases;
//   perf TEST [options]  a perf test, as any PerfProgram test executable (the client side runs this);
//   netperf-server ...   the peer server of the network tests (the peer runs this).
var harness = typeof(NetworkTestHarness).Assembly;
if (args is ["perf", ..])
{
    return await PerfProgram.RunAsync(args[1..], harness);
}

// The runner's --processes children (this executable started again with its private child argument
// first) and netperf-server belong to PerfProgram, never to the Quickstart job.
if (PerfProgram.OwnsInvocation(args, harness))
{
    return await PerfProgram.RunAsync(args, harness);
}

return await QuickstartHost.RunAsync(args, Console.Out, Console.Error);
