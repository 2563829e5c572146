using Netperf.Perf.Hosting;

namespace Netperf.Perf.Network.Internal;

/// <summary>
/// The <c>netperf-server</c> mode of every perf-test executable (found by <see cref="PerfProgram"/>'s mode
/// discovery): <c>dotnet tests.dll netperf-server --mode tcp-sink ...</c> on the peer.
/// </summary>
internal sealed class NetperfServerProgramMode : IPerfProgramMode
{
    public string Name => NetperfServerProtocol.CommandName;

    public string Description => "Serve the network tests on this machine (the peer side): --mode tcp-sink|tcp-source|tcp-rr|tcp-accept|udp-sink|http.";

    public bool Hidden => false;

    // The process's own standard input: its end (the client closed the pipe or the SSH session) stops the server.
    public Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        NetperfServerCommand.RunAsync(arguments, context.Output, context.Error, Console.In, context.TimeProvider, cancellationToken);
}
