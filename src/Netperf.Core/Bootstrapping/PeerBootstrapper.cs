using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Core.Bootstrapping;

/// <summary>
/// Makes a pair test-ready through idempotent, individually timed steps, then proves it:
/// <c>generate-key</c> (a per-pair ed25519 key made on the client, 0600 in a 0700 folder, never read or logged),
/// <c>install-key</c> (authorized on the peer once), <c>pin-host-key</c> (the peer's host keys, read through the
/// peer's own session, pinned in the pair's known_hosts on the client), <c>peer-alias</c> (<c>netperf-peer</c> in a
/// pair-private ssh_config on the client), <c>tools</c> (verified, optionally installed; PowerShell 7 where required),
/// <c>prove-ready</c>: the client runs a command on <c>netperf-peer</c> through a real ssh session and the tools
/// answer. Steps that talk to the same machine one after another share one command where the result is the same (the
/// peer authorizes the key and lists its host keys in one session; the client writes known_hosts and the alias in one),
/// so a pair costs four round trips, not six; where PowerShell is required the proof is a PowerShell session instead: the client starts pwsh once and
/// <c>Invoke-Command -HostName netperf-peer</c> returns a nonce from the peer's pwsh (the <c>powershell</c> ssh subsystem),
/// through the pair's own key and pinned known_hosts. A pair is never reported ready without that proof.
/// </summary>
public sealed partial class PeerBootstrapper : IPairBootstrapper
{
    /// <summary>The name under which the client reaches its peer.</summary>
    public const string PeerAlias = "netperf-peer";

    /// <summary>A pair tag a provider sets to say how the client reaches the peer (<see cref="LocalProcessTransport"/> when there is no ssh).</summary>
    public const string TransportTag = "netperf-transport";

    /// <summary>
    /// A pair tag a provider sets to <see cref="PowerShellShell"/> when the pair was asked for with
    /// <see cref="PairRequest.RequirePowerShell"/>: the bootstrapper then proves PowerShell remoting whatever the requirements say.
    /// </summary>
    public const string ShellTag = "netperf-shell";

    /// <summary>The <see cref="ShellTag"/> value of a PowerShell-ready pair.</summary>
    public const string PowerShellShell = "pwsh";

    /// <summary>The <see cref="TransportTag"/> value of a local pair without an sshd: the peer is this machine, reached by local processes.</summary>
    public const string LocalProcessTransport = "local-process";

    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PeerBootstrapperOptions _options;

    /// <summary>Creates the bootstrapper.</summary>
    /// <param name="logger">Where each step's outcome is logged (no key material ever is).</param>
    /// <param name="timeProvider">The clock for step durations and timeouts.</param>
    /// <param name="options">The settings; defaults when <see langword="null"/>.</param>
    public PeerBootstrapper(ILogger<PeerBootstrapper>? logger = null, TimeProvider? timeProvider = null, IOptions<PeerBootstrapperOptions>? options = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _options = options?.Value ?? new PeerBootstrapperOptions();
    }

    /// <summary>
    /// The command text that, run through <c>pair.Client.Shell</c>, runs <paramref name="peerCommand"/> on
    /// <c>netperf-peer</c> through the pair's ssh alias (after bootstrapping). For a pair without ssh
    /// (<see cref="LocalProcessTransport"/>) it is the command itself.
    /// </summary>
    /// <param name="pair">A bootstrapped pair.</param>
    /// <param name="peerCommand">The command, in the peer's shell.</param>
    /// <returns>The text for the client's shell.</returns>
    public static string CommandForPeer(VmPair pair, string peerCommand)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(peerCommand);
        return IsLocalProcess(pair) ? peerCommand : ScriptsFor(pair.Client.OsFamily).RunOnPeer(pair.Id, peerCommand);
    }

    /// <summary>
    /// The command text that, run through <c>pair.Client.Shell</c>, runs <paramref name="clientCommand"/> on the client
    /// with the pair's <c>netperf-peer</c> in effect for its ssh: <c>ssh netperf-peer</c>,
    /// <c>Invoke-Command -HostName netperf-peer</c> and <c>Enter-PSSession -HostName netperf-peer</c> need no other
    /// argument (a Linux client's PATH starts with the pair's <c>ssh</c> wrapper, which adds <c>-F</c> with the pair's
    /// ssh_config). For a pair without ssh (<see cref="LocalProcessTransport"/>) it is the command itself.
    /// </summary>
    /// <param name="pair">A bootstrapped pair.</param>
    /// <param name="clientCommand">The command, in the client's shell.</param>
    /// <returns>The text for the client's shell.</returns>
    public static string CommandOnClient(VmPair pair, string clientCommand)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(clientCommand);
        return IsLocalProcess(pair) || pair.Client.OsFamily == OsFamily.Windows
            ? clientCommand
            : PosixBootstrapScripts.ClientFolder(pair.Id) + "PATH=\"$d/bin:$PATH\"; export PATH\n" + clientCommand + "\n";
    }

    /// <inheritdoc />
    public async Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(requirements);
        ShellQuoting.RequireSafe(pair.Id, "pair id");
        foreach (var tool in requirements.Tools)
        {
            ShellQuoting.RequireSafe(tool, "tool");
        }

        var local = IsLocalProcess(pair);
        var state = new BootstrapState(pair, requirements, ScriptsFor(pair.Client.OsFamily), ScriptsFor(pair.Peer.OsFamily));
        var plan = local ? LocalProcessPlan() : SshPlan();
        var steps = new List<ReadinessStep>();
        foreach (var (name, step) in plan)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = await RunStepAsync(pair.Id, name, step, state, cancellationToken).ConfigureAwait(false);
            steps.Add(result);
            if (result.Outcome == ReadinessStepOutcome.Failed)
            {
                BootstrapLog.NotReady(_logger, pair.Id, name, result.Detail ?? string.Empty);
                break;
            }
        }

        var transport = local ? LocalProcessTransport + " (no sshd found)" : state.NeedsPowerShell ? "ssh + PowerShell remoting" : "ssh";
        var ready = state.Proven && steps.All(s => s.Outcome != ReadinessStepOutcome.Failed);
        if (ready)
        {
            BootstrapLog.Ready(_logger, pair.Id, transport, steps[^1].Duration);
        }

        return new ReadinessReport { PairId = pair.Id, Steps = steps, IsReady = ready, Transport = transport };
    }

    private static bool IsLocalProcess(VmPair pair) =>
        pair.Tags.TryGetValue(TransportTag, out var transport) && transport == LocalProcessTransport;

    private static IBootstrapScripts ScriptsFor(OsFamily os) =>
        os == OsFamily.Windows ? PowerShellBootstrapScripts.Instance : PosixBootstrapScripts.Instance;

    private async Task<ReadinessStep> RunStepAsync(string pairId, string name, Step step, BootstrapState state, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        using var timeout = new CancellationTokenSource(_options.StepTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ReadinessStepOutcome outcome;
        string detail;
        try
        {
            (outcome, detail) = await step(state, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            (outcome, detail) = (ReadinessStepOutcome.Failed, $"timed out after {_options.StepTimeout} (Netperf:Bootstrap:StepTimeout)");
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or ArgumentException or System.ComponentModel.Win32Exception)
        {
            (outcome, detail) = (ReadinessStepOutcome.Failed, ex.Message);
        }

        var duration = _time.GetElapsedTime(started);
        BootstrapLog.StepEnded(_logger, pairId, name, outcome.ToString(), duration, detail);
        return new ReadinessStep { Name = name, Outcome = outcome, Duration = duration, Detail = detail };
    }

    private async Task<RemoteCommandResult> RunAsync(IRemoteShell shell, string display, string text, CancellationToken cancellationToken)
    {
        var command = new RemoteCommand { Text = text, DisplayName = display, Timeout = _options.StepTimeout };
        return await shell.RunAsync(command, cancellationToken).ConfigureAwait(false);
    }

    private static string Failure(string what, RemoteCommandResult result)
    {
        var error = result.StandardError.Trim();
        if (error.Length > 400)
        {
            error = error[..400] + "...";
        }

        return result.TimedOut
            ? $"{what} timed out"
            : $"{what} failed (exit {result.ExitCode}){(error.Length == 0 ? string.Empty : ": " + error)}";
    }

    private delegate Task<(ReadinessStepOutcome Outcome, string Detail)> Step(BootstrapState state, CancellationToken cancellationToken);

    /// <summary>What the steps learn and hand to each other.</summary>
    private sealed class BootstrapState(VmPair pair, BootstrapRequirements requirements, IBootstrapScripts client, IBootstrapScripts peer)
    {
        public VmPair Pair { get; } = pair;

        public BootstrapRequirements Requirements { get; } = requirements;

        public IBootstrapScripts Client { get; } = client;

        public IBootstrapScripts Peer { get; } = peer;

        public string? PublicKey { get; set; }

        public string? PeerUser { get; set; }

        /// <summary>The peer's answer to the install-key step, whose second part lists its host keys.</summary>
        public RemoteCommandResult? PeerHostKeys { get; set; }

        /// <summary>The known_hosts lines the pin-host-key step made, written by the peer-alias step.</summary>
        public IReadOnlyList<string>? KnownHosts { get; set; }

        public bool Proven { get; set; }

        public bool NeedsPowerShell =>
            Requirements.RequirePowerShell || Pair.Spec.OsFamily == OsFamily.Windows
            || (Pair.Tags.TryGetValue(ShellTag, out var shell) && shell == PowerShellShell);
    }
}
