using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Azure.Bootstrapping.Internal;
using Netperf.Azure.Pairs.Internal;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Azure.Bootstrapping;

/// <summary>
/// Makes an Azure pair test-ready through its machines' shells (Run Command; no inbound port from the
/// orchestrator): a key pair generated on the client, the peer's SSH server admitting that key from the
/// client's address only (and on Windows PowerShell 7, remoting over SSH, a firewall rule for the client,
/// optional test-signing), the <c>netperf-peer</c> alias on the client with the host keys the peer reported through
/// its own Run Command pinned (<c>StrictHostKeyChecking yes</c>, never trust on first use), the required tools, and finally the
/// proof: the client runs a command on <c>netperf-peer</c> and must echo a fresh nonce back.
/// </summary>
public sealed partial class AzureRunCommandBootstrapper : IPairBootstrapper
{
    private readonly AzureOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<AzureRunCommandBootstrapper> _logger;

    /// <summary>Creates the bootstrapper.</summary>
    /// <param name="options">The Azure options (admin user, PowerShell and test-signing choices, poll delay).</param>
    /// <param name="timeProvider">The clock for step durations and retry delays.</param>
    /// <param name="logger">Logging (never given a secret).</param>
    public AzureRunCommandBootstrapper(IOptions<AzureOptions> options, TimeProvider timeProvider, ILogger<AzureRunCommandBootstrapper> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>How many times the readiness proof is tried (the peer's SSH server may still be starting or rebooting).</summary>
    public int ProofAttempts { get; init; } = 5;

    /// <inheritdoc />
    public async Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        ArgumentNullException.ThrowIfNull(requirements);
        var user = _options.AdminUsername;
        var client = pair.Client;
        var peer = pair.Peer;
        var windows = client.OsFamily == OsFamily.Windows;
        var pwsh = windows || requirements.RequirePowerShell || _options.InstallPowerShellOnLinux;
        var tools = requirements.Tools.Concat(pwsh && !windows ? ["pwsh"] : []).ToList();
        var clientSteps = new List<ReadinessStep>();
        var peerSteps = new List<ReadinessStep>();

        // Both machines at once: each one's first Run Command installs the extension (minutes), and the peer's setup
        // (SSH server, PowerShell) needs nothing from the client's key.
        var keyTask = RunStepAsync(pair, clientSteps, "client-key", client.Shell, BootstrapScripts.ClientKey(client.OsFamily, user),
            r => r.StandardOutput.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("ssh-", StringComparison.Ordinal)), cancellationToken);
        var setupTask = RunStepAsync(pair, peerSteps, "peer-setup", peer.Shell,
            BootstrapScripts.PeerSetup(peer.OsFamily, user, pwsh, _options.EnableTestSigning),
            r => r.StandardOutput.Contains("netperf-peer-ready", StringComparison.Ordinal) ? r.StandardOutput : null, cancellationToken);
        await Task.WhenAll(keyTask, setupTask).ConfigureAwait(false);
        var key = await keyTask.ConfigureAwait(false);
        var peerSetup = await setupTask.ConfigureAwait(false);
        if (key is null || peerSetup is null)
        {
            return Report(pair, [.. clientSteps, .. peerSteps], ready: false);
        }

        // The peer's host keys as the peer itself reported them through Run Command: pinned on the client, never learnt over the network.
        var hostKeys = HostKeys(peerSetup);
        if (hostKeys.Count == 0)
        {
            peerSteps[^1] = peerSteps[^1] with
            {
                Outcome = ReadinessStepOutcome.Failed,
                Detail = $"the peer reported no SSH host key (no '{BootstrapScripts.HostKeyMarker.Trim()}' line); the client cannot pin it, so it will not connect",
            };
            return Report(pair, [.. clientSteps, .. peerSteps], ready: false);
        }

        // Then, again both at once: the peer admits the client's key (and checks its tools, and restarts for test-signing);
        // the client maps netperf-peer and checks its tools.
        var peerChain = Task.Run(async () =>
        {
            if (await RunStepAsync(pair, peerSteps, "peer-admit", peer.Shell, BootstrapScripts.PeerAdmit(peer.OsFamily, user, client.Addresses[0], key),
                r => r.StandardOutput.Contains("netperf-admit-ready", StringComparison.Ordinal) ? string.Empty : null, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            if (tools.Count > 0 && await ToolsAsync(pair, peerSteps, "tools-peer", peer, tools, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            if (peerSetup.Contains("netperf-reboot-required", StringComparison.Ordinal))
            {
                // Test-signing takes effect after a restart; the proof below retries while the peer comes back.
                await RunStepAsync(pair, peerSteps, "peer-restart", peer.Shell, "# netperf-step: peer-restart\nshutdown /r /t 5 /c netperf-test-signing",
                    _ => string.Empty, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }, CancellationToken.None);
        var clientChain = Task.Run(async () =>
        {
            if (await RunStepAsync(pair, clientSteps, "peer-alias", client.Shell, BootstrapScripts.PeerAlias(client.OsFamily, user, peer.Addresses[0], hostKeys, pair.Id),
                r => r.StandardOutput.Contains("netperf-alias-ready", StringComparison.Ordinal) ? string.Empty : null, cancellationToken).ConfigureAwait(false) is null)
            {
                return false;
            }

            return tools.Count == 0 || await ToolsAsync(pair, clientSteps, "tools-client", client, tools, cancellationToken).ConfigureAwait(false) is not null;
        }, CancellationToken.None);
        var ready = await Task.WhenAll(peerChain, clientChain).ConfigureAwait(false);
        var steps = Ordered(clientSteps, peerSteps);
        if (tools.Count == 0)
        {
            steps.Add(new ReadinessStep { Name = "tools", Outcome = ReadinessStepOutcome.Skipped, Duration = TimeSpan.Zero, Detail = "no tools required" });
        }

        if (!ready.All(r => r))
        {
            return Report(pair, steps, ready: false);
        }

        var proven = await ProveAsync(pair, steps, client, user, pwsh && !windows, cancellationToken).ConfigureAwait(false);
        return Report(pair, steps, proven);
    }

    private Task<string?> ToolsAsync(VmPair pair, List<ReadinessStep> steps, string name, Machine machine, IReadOnlyList<string> tools, CancellationToken cancellationToken) =>
        RunStepAsync(pair, steps, name, machine.Shell, BootstrapScripts.Tools(machine.OsFamily, tools),
            r => r.StandardOutput.Contains("netperf-tools-ready", StringComparison.Ordinal) ? string.Empty : null, cancellationToken);

    /// <summary>The steps of both machines in one fixed order, whichever finished first.</summary>
    private static List<ReadinessStep> Ordered(List<ReadinessStep> clientSteps, List<ReadinessStep> peerSteps)
    {
        string[] order = ["client-key", "peer-setup", "peer-admit", "peer-alias", "tools-client", "tools-peer", "peer-restart"];
        return [.. clientSteps.Concat(peerSteps).OrderBy(s => Array.IndexOf(order, s.Name) is var i and >= 0 ? i : order.Length)];
    }

    private async Task<bool> ProveAsync(VmPair pair, List<ReadinessStep> steps, Machine client, string user, bool viaPowerShell, CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
        var started = _timeProvider.GetTimestamp();
        string detail = "not tried";
        for (var attempt = 1; attempt <= ProofAttempts; attempt++)
        {
            var result = await client.Shell.RunAsync(new RemoteCommand
            {
                Text = BootstrapScripts.ProveReady(client.OsFamily, user, nonce, viaPowerShell),
                Timeout = TimeSpan.FromMinutes(2),
                DisplayName = "prove-ready",
            }, cancellationToken).ConfigureAwait(false);
            if (result.Succeeded && result.StandardOutput.Contains("netperf-ready-" + nonce, StringComparison.Ordinal))
            {
                Add(pair, steps, "prove-ready", ReadinessStepOutcome.Succeeded, started, $"client ran a command on netperf-peer (attempt {attempt})");
                return true;
            }

            detail = $"attempt {attempt}: exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)}: {Tail(result.StandardError + result.StandardOutput)}";
            if (attempt < ProofAttempts)
            {
                await Task.Delay(_options.PollDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        Add(pair, steps, "prove-ready", ReadinessStepOutcome.Failed, started, detail);
        return false;
    }

    private async Task<string?> RunStepAsync(VmPair pair, List<ReadinessStep> steps, string name, IRemoteShell shell, string script,
        Func<RemoteCommandResult, string?> accept, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        var result = await shell.RunAsync(new RemoteCommand { Text = script, Timeout = TimeSpan.FromMinutes(15), DisplayName = name }, cancellationToken).ConfigureAwait(false);
        var value = result.Succeeded ? accept(result) : null;
        Add(pair, steps, name, value is null ? ReadinessStepOutcome.Failed : ReadinessStepOutcome.Succeeded, started,
            value is null ? FailureDetail(shell, result) : shell.Description);
        return value;
    }

    private void Add(VmPair pair, List<ReadinessStep> steps, string name, ReadinessStepOutcome outcome, long started, string detail)
    {
        var duration = _timeProvider.GetElapsedTime(started);
        steps.Add(new ReadinessStep { Name = name, Outcome = outcome, Duration = duration, Detail = detail });
        AzureLog.BootstrapStep(_logger, pair.Id, name, outcome.ToString(), (long)duration.TotalMilliseconds);
    }

    private static ReadinessReport Report(VmPair pair, List<ReadinessStep> steps, bool ready) => new()
    {
        PairId = pair.Id,
        Steps = steps,
        IsReady = ready,
        Transport = pair.Client.OsFamily == OsFamily.Windows ? "azure-run-command + pwsh remoting over ssh" : "azure-run-command + ssh",
    };

    private static string FailureDetail(IRemoteShell shell, RemoteCommandResult result)
    {
        var all = result.StandardError + "\n" + result.StandardOutput;
        var marker = all.IndexOf(BootstrapScripts.NoOutboundMarker, StringComparison.Ordinal);
        if (result.ExitCode == BootstrapScripts.NoOutboundExitCode && marker >= 0)
        {
            var what = all[(marker + BootstrapScripts.NoOutboundMarker.Length)..].Split('\n')[0].Trim();
            return $"{shell.Description} has no outbound internet access: its first download ({what}) could not reach the internet. " +
                $"The pair's subnet is private (defaultOutboundAccess false): turn on {AzureOptions.SectionName}:Network:NatGateway (the default) or give the subnet another way out.";
        }

        return $"exit {result.ExitCode}{(result.TimedOut ? " (timed out)" : string.Empty)} on {shell.Description}: {Tail(result.StandardError + result.StandardOutput)}";
    }

    /// <summary>The <c>type base64</c> host keys in peer-setup's output; anything else on a marker line is ignored.</summary>
    internal static IReadOnlyList<string> HostKeys(string output) =>
        [.. output.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith(BootstrapScripts.HostKeyMarker, StringComparison.Ordinal))
            .Select(l => l[BootstrapScripts.HostKeyMarker.Length..].Trim())
            .Where(k => HostKeySyntax().IsMatch(k))
            .Distinct(StringComparer.Ordinal)];

    [System.Text.RegularExpressions.GeneratedRegex(@"^(ssh-(ed25519|rsa|dss)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,2}$")]
    private static partial System.Text.RegularExpressions.Regex HostKeySyntax();

    private static string Tail(string text)
    {
        text = text.Trim();
        return text.Length <= 300 ? text : "..." + text[^300..];
    }
}
