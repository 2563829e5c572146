using Netperf.Perf;
using Netperf.Perf.Network;
using Netperf.Quickstart;

// One executable, three roles:
//   (no mode)            the Quickstart job: acquire a pair, bootstrap, run the suite, publish, release;
//   perf TEST [options]  a perf test, as any PerfProgram test executable (the client side runs this);
//   netperf-server ...   the server side of the network tests (the peer runs this).
if (args.Length > 0 && args[0] == "perf")
{
    return await PerfProgram.RunAsync(args[1..]);
}

// The runner's --processes children are this executable started again with its private child
// argument first: they belong to PerfProgram, never to the Quickstart job.
if (args.Length > 0 && (args[0] == NetperfServerProtocol.CommandName || args[0] == "--netperf-child"))
{
    return await PerfProgram.RunAsync(args);
}

return await QuickstartHost.RunAsync(args, Console.Out, Console.Error);
