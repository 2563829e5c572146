using System.Diagnostics;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// Starts <c>netperf-server</c> as a child process: <c>dotnet tests.dll netperf-server ...</c> on this
/// machine, or the same through a wrapper such as <c>ssh netperf-peer</c> (then the server runs on the
/// peer and its standard input and output travel over the session). Stopping closes its standard input,
/// which ends the server (also across SSH), waits for its report and for the process to exit.
/// </summary>
public sealed class ProcessPeerServerLauncher : IPeerServerLauncher
{
    private readonly string _fileName;
    private readonly IReadOnlyList<string> _arguments;

    /// <summary>Creates a launcher that runs <paramref name="fileName"/> with <paramref name="arguments"/> followed by <c>netperf-server</c> and the options.</summary>
    /// <param name="fileName">The program, such as <c>dotnet</c> or <c>ssh</c>.</param>
    /// <param name="arguments">The arguments before <c>netperf-server</c>, such as the test dll's path.</param>
    /// <param name="description">How to describe it in logs; defaults to the command line.</param>
    public ProcessPeerServerLauncher(string fileName, IReadOnlyList<string> arguments, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        _fileName = fileName;
        _arguments = arguments;
        Description = description ?? string.Join(' ', [fileName, .. arguments]);
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>How long to wait for the ready line. Default 60 s (a cold <c>dotnet</c> start on a loaded machine).</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long to wait for the report and the exit after stopping. Default 20 s.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A launcher for <c>dotnet &lt;dll&gt; netperf-server</c> on this machine.</summary>
    /// <param name="testAssemblyPath">The test executable's dll; defaults to the entry assembly.</param>
    /// <returns>The launcher.</returns>
    public static ProcessPeerServerLauncher Local(string? testAssemblyPath = null)
    {
        return new ProcessPeerServerLauncher(DotnetHost.Path, [DotnetHost.TestAssembly(testAssemblyPath)], "local process");
    }

    /// <summary>A launcher for <c>ssh HOST dotnet &lt;dll&gt; netperf-server</c>: the server runs on the peer.</summary>
    /// <param name="host">The SSH host or alias, such as <c>netperf-peer</c>.</param>
    /// <param name="remoteAssemblyPath">The test dll's path on the peer.</param>
    /// <param name="remoteDotnet">The <c>dotnet</c> command on the peer.</param>
    /// <returns>The launcher.</returns>
    public static ProcessPeerServerLauncher Ssh(string host, string remoteAssemblyPath, string remoteDotnet = "dotnet")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentException.ThrowIfNullOrWhiteSpace(remoteAssemblyPath);
        return new ProcessPeerServerLauncher("ssh", ["-o", "BatchMode=yes", host, remoteDotnet, remoteAssemblyPath], $"ssh {host}");
    }

    /// <inheritdoc />
    public async Task<IPeerServerHandle> StartAsync(PeerServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var info = new ProcessStartInfo(_fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in _arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The server runs as it would on its own: no socket-engine setting of the client's leaks into it.
        SocketEngineEnvironment.ClearFor(info.Environment);
        info.ArgumentList.Add(PeerServerProtocol.CommandName);
        foreach (var argument in PeerServerProtocol.BuildArguments(options))
        {
            info.ArgumentList.Add(argument);
        }

        var server = new PeerServerProcess(info, Description, StopTimeout);
        try
        {
            await server.WaitReadyAsync(ReadyTimeout, cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
