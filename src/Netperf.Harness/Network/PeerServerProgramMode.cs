using Netperf.Perf;
using Netperf.Perf.Hosting;

namespace Netperf.Harness.Network;

/// <summary>
/// The <c>netperf-server</c> mode: <c>dotnet tests.dll netperf-server --mode tcp-sink ...</c> runs a
/// <see cref="PeerServer"/> on the peer (see <see cref="PeerServerCommand"/>). A plug-in mode: a test executable
/// answers it when it passes this assembly to <see cref="PerfProgram.RunAsync(string[], System.Reflection.Assembly[])"/>
/// (as it must anyway to run the network tests). Netperf starts it itself, so it is routed by
/// <see cref="PerfProgram.OwnsInvocation"/>.
/// </summary>
public sealed class PeerServerProgramMode : IPerfProgramMode
{
    /// <inheritdoc />
    public string Name => PeerServerProtocol.CommandName;

    /// <inheritdoc />
    public string Description => "Serve the network tests on this machine (the peer side): --mode tcp-sink|tcp-source|tcp-rr|tcp-accept|udp-sink|http.";

    /// <inheritdoc />
    public bool Hidden => false;

    /// <inheritdoc />
    public bool StartedByNetperf => true;

    /// <inheritdoc />
    public Task<int> RunAsync(PerfProgramContext context, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The process's own standard input: its end (the client closed the pipe or the SSH session) stops the server.
        return PeerServerCommand.RunAsync(arguments, context.Output, context.Error, Console.In, context.TimeProvider, cancellationToken);
    }
}
