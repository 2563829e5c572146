using Netperf.Perf.Network;

// The Quickstart is also the test executable: the peer runs its netperf-server mode.
if (args.Length > 0 && args[0] == NetperfServerProtocol.CommandName)
{
    return await NetperfServerCommand.RunAsync(args[1..], Console.Out, Console.Error, Console.In);
}

Console.Error.WriteLine("Not built yet.");
return 2;
