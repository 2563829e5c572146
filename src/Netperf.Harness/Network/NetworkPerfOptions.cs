using System.ComponentModel.DataAnnotations;
using Netperf.Harness.Network.Internal;

namespace Netperf.Harness.Network;

/// <summary>
/// Options every network test has: where the peer is and how its <c>netperf-server</c> is started.
/// By default the server is started for the run and stopped (and checked gone) after it: as a local
/// child process when the peer is loopback, over <c>ssh HOST</c> otherwise, or through
/// <see cref="ServerLauncher"/> when a harness sets one (a pair's remote shell).
/// </summary>
public class NetworkPerfOptions : PerfOptions, IValidatableObject
{
    /// <summary><c>--peer HOST[:PORT]</c>: the peer to test against. Default <c>127.0.0.1</c> (the server picks a free port).</summary>
    [PerfOption("--peer", Description = "The peer: HOST or HOST:PORT (default 127.0.0.1; no port lets the server choose).")]
    public string Peer { get; set; } = "127.0.0.1";

    /// <summary>
    /// <c>--server-via CMD</c>: a command prefix that runs the server where the peer is, such as
    /// <c>"ssh netperf-peer"</c> or <c>"ip netns exec lab-b"</c>. Default: none (see the class remarks).
    /// </summary>
    [PerfOption("--server-via", Description = "Run the netperf-server through this command prefix, e.g. \"ssh netperf-peer\" or \"ip netns exec NS\".")]
    public string? ServerVia { get; set; }

    /// <summary><c>--server-dll PATH</c>: the test executable's dll on the peer. Default: this executable's path.</summary>
    [PerfOption("--server-dll", Description = "The test dll on the peer that answers 'netperf-server' (default: this executable's own path).")]
    public string? ServerDll { get; set; }

    /// <summary><c>--server-bind ADDRESS</c>: the address the server listens on. Default <c>0.0.0.0</c>.</summary>
    [PerfOption("--server-bind", Description = "The address the netperf-server listens on (default 0.0.0.0).")]
    public string ServerBind { get; set; } = "0.0.0.0";

    /// <summary><c>--external-server</c>: a server already listens at <c>--peer HOST:PORT</c>; do not start or stop one (counts are not checked). Default false.</summary>
    [PerfOption("--external-server", Description = "Use a netperf-server already listening at --peer HOST:PORT (started by you; counts are not compared).")]
    public bool ExternalServer { get; set; }

    /// <summary><c>--in-process-server</c>: run the server inside this process (loopback peers only). Default false.</summary>
    [PerfOption("--in-process-server", Description = "Run the server inside this process (loopback only; no child process).")]
    public bool InProcessServer { get; set; }

    /// <summary>
    /// <c>--outcome-file PATH</c>: write <see cref="Outcome"/> (client totals, server report) as JSON here at the end
    /// of the run, for a harness that runs the client in another process or on another machine. Default: none.
    /// </summary>
    [PerfOption("--outcome-file", Description = "Write the client's totals and the server's report as JSON to this file at the end.")]
    public string? OutcomeFile { get; set; }

    /// <summary>
    /// <c>--inline-completions</c>: run the client's socket completions inline on the .NET socket engine's
    /// thread instead of handing each one to a thread-pool worker (the runtime's
    /// <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>): an event loop per process, like <c>wrk</c>'s,
    /// without a thread hop per response. It is set for the test's own processes only (the children of
    /// <c>--processes</c>, or this process when it runs the test itself before any socket was opened),
    /// never for the netperf-server. Only for tests whose continuations never block. Default false.
    /// </summary>
    [PerfOption("--inline-completions", Description = "Run the client's socket completions inline on the socket engine thread (an event loop per process, like wrk) instead of on the thread pool.")]
    public bool InlineCompletions { get; set; }

    /// <summary>
    /// Set in code by a harness to start the server its own way (for example through a pair's remote
    /// shell); takes precedence over <see cref="ServerVia"/>. Not a command-line option.
    /// </summary>
    public IPeerServerLauncher? ServerLauncher { get; set; }

    /// <summary>What the last run of a test with these options observed: the server's announcement and report, the client's totals, and whether the server stopped. Set by the run.</summary>
    public PeerServerOutcome? Outcome { get; internal set; }

    internal PeerServerSession? Session { get; set; }

    /// <inheritdoc />
    protected override IEnumerable<KeyValuePair<string, string>> ProcessEnvironment() =>
        InlineCompletions ? [new(SocketEngineEnvironment.InlineCompletions, "1")] : [];

    /// <inheritdoc />
    public virtual IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        PeerAddress? peer = null;
        string? error = null;
        try
        {
            peer = PeerAddress.Parse(Peer);
        }
        catch (FormatException e)
        {
            error = e.Message;
        }

        if (error is not null)
        {
            yield return new ValidationResult(error, [nameof(Peer)]);
        }

        if (ExternalServer && peer?.Port is null)
        {
            yield return new ValidationResult("--external-server needs the server's port: --peer HOST:PORT.", [nameof(ExternalServer)]);
        }

        if (InProcessServer && peer is { IsLoopback: false })
        {
            yield return new ValidationResult($"--in-process-server needs a loopback --peer (127.0.0.1), not {Peer}; use --server-via to start it on the peer.", [nameof(InProcessServer)]);
        }

        if (!System.Net.IPAddress.TryParse(ServerBind, out _))
        {
            yield return new ValidationResult($"--server-bind '{ServerBind}' is not an IP address; use 0.0.0.0 or the peer's address.", [nameof(ServerBind)]);
        }
    }
}
