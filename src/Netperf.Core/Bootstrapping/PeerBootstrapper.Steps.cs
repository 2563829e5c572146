using System.Security.Cryptography;
using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Bootstrapping;

/// <content>The steps.</content>
public sealed partial class PeerBootstrapper
{
    private const string SkippedNoSsh = "no sshd on this machine: the peer is this machine, reached through local processes";

    private List<(string Name, Step Run)> SshPlan() =>
    [
        ("generate-key", GenerateKeyAsync),
        ("install-key", InstallKeyAsync),
        ("pin-host-key", PinHostKeyAsync),
        ("peer-alias", PeerAliasAsync),
        ("tools", ToolsAsync),
        ("prove-ready", ProveReadyAsync),
    ];

    private List<(string Name, Step Run)> LocalProcessPlan() =>
    [
        ("generate-key", SkipAsync),
        ("install-key", SkipAsync),
        ("pin-host-key", SkipAsync),
        ("peer-alias", SkipAsync),
        ("tools", ToolsAsync),
        ("prove-ready", ProveReadyLocallyAsync),
    ];

    private static Task<(ReadinessStepOutcome, string)> SkipAsync(BootstrapState state, CancellationToken cancellationToken) =>
        Task.FromResult((ReadinessStepOutcome.Skipped, SkippedNoSsh));

    private async Task<(ReadinessStepOutcome, string)> GenerateKeyAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        var result = await RunAsync(state.Pair.Client.Shell, "prepare the pair key on the client", state.Client.PrepareClientKey(state.Pair.Id), cancellationToken).ConfigureAwait(false);
        var key = KeyValueOutput.First(result.StandardOutput, "pub");
        if (!result.Succeeded || key is null)
        {
            return (ReadinessStepOutcome.Failed, Failure("ssh-keygen on the client", result) + " Install the OpenSSH client (ssh-keygen) on the client.");
        }

        if (!ShellQuoting.PublicKeyLine().IsMatch(key))
        {
            return (ReadinessStepOutcome.Failed, "the client's pair public key is not an OpenSSH public key line; delete the pair folder on the client and retry.");
        }

        state.PublicKey = key;
        return (ReadinessStepOutcome.Succeeded, $"ed25519 key for the pair in {KeyValueOutput.First(result.StandardOutput, "folder")} (private file 0600, folder 0700)");
    }

    private async Task<(ReadinessStepOutcome, string)> InstallKeyAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        // One session to the peer does both of its parts: authorize the key, and list the host keys the next step pins
        // (each session costs a round trip and a start of the account's shell on the peer).
        var result = await RunAsync(
            state.Pair.Peer.Shell, "authorize the pair key on the peer and read its host keys", state.Peer.InstallKey(state.PublicKey!) + state.Peer.ListHostKeys(), cancellationToken)
            .ConfigureAwait(false);
        var user = KeyValueOutput.First(result.StandardOutput, "user");
        if (!result.Succeeded || user is null || !ShellQuoting.SafeName().IsMatch(user))
        {
            return (ReadinessStepOutcome.Failed, Failure("authorizing the key on the peer", result));
        }

        state.PeerUser = user;
        state.PeerHostKeys = result;
        return (ReadinessStepOutcome.Succeeded, $"pair key authorized for '{user}' on {state.Pair.Peer.Name}");
    }

    private Task<(ReadinessStepOutcome, string)> PinHostKeyAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        var endpoint = PeerEndpoint.Parse(state.Pair.Peer.Addresses[0]);
        var listed = state.PeerHostKeys!;

        // The keys came through the peer's own authenticated session, so the client never trusts a key on first use.
        var keys = KeyValueOutput.All(listed.StandardOutput, "hostkey")
            .Select(line => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(2)))
            .Where(line => ShellQuoting.PublicKeyLine().IsMatch(line))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (keys.Count == 0)
        {
            return Task.FromResult((ReadinessStepOutcome.Failed, Failure("reading the peer's ssh host keys", listed) + " No readable host key was found; is the OpenSSH server installed on the peer?"));
        }

        // Written on the client with the alias, in the next step's one command.
        state.KnownHosts = keys.Select(key => endpoint.KnownHostsName + " " + key).ToList();
        return Task.FromResult((ReadinessStepOutcome.Succeeded, $"{keys.Count} host key(s) of {endpoint.KnownHostsName} read through the peer's session, for the pair's known_hosts"));
    }

    private async Task<(ReadinessStepOutcome, string)> PeerAliasAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        var endpoint = PeerEndpoint.Parse(state.Pair.Peer.Addresses[0]);
        var result = await RunAsync(
            state.Pair.Client.Shell,
            "pin the peer's host keys and map netperf-peer on the client",
            state.Client.WriteKnownHosts(state.Pair.Id, state.KnownHosts!) + state.Client.WriteAlias(
                state.Pair.Id, endpoint, state.PeerUser!, _options.EditHostsFile, state.Pair.LinkStaysOnHost ? SshKeyExchange.HostLocal : null),
            cancellationToken).ConfigureAwait(false);
        var config = KeyValueOutput.First(result.StandardOutput, "config");
        if (!result.Succeeded || config is null)
        {
            return (ReadinessStepOutcome.Failed, Failure("writing the pair's known_hosts and the netperf-peer alias on the client", result)
                + (_options.EditHostsFile ? " Editing the hosts file needs an administrator (Netperf:Bootstrap:EditHostsFile)." : string.Empty));
        }

        return (ReadinessStepOutcome.Succeeded, $"{PeerAlias} -> {endpoint.Host}:{endpoint.Port} as '{state.PeerUser}' in {config} (ssh -F {config} {PeerAlias}), host keys pinned in the pair's known_hosts"
            + (_options.EditHostsFile ? "; hosts file updated" : string.Empty));
    }

    private async Task<(ReadinessStepOutcome, string)> ToolsAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        var tools = state.Requirements.Tools;
        if (tools.Count == 0 && !state.NeedsPowerShell)
        {
            return (ReadinessStepOutcome.Skipped, "no tools requested");
        }

        var missing = await FindMissingAsync(state, cancellationToken).ConfigureAwait(false);
        var installable = missing.SelectMany(m => m.Value).Where(t => t != "pwsh").Distinct().ToList();
        if (installable.Count > 0 && _options.InstallMissingTools)
        {
            foreach (var (machine, scripts) in new[] { (state.Pair.Client, state.Client), (state.Pair.Peer, state.Peer) })
            {
                var needed = missing[machine.Name].Where(t => t != "pwsh").ToList();
                if (needed.Count > 0)
                {
                    var installed = await RunAsync(machine.Shell, "install " + string.Join(", ", needed) + " on " + machine.Name, scripts.InstallTools(needed), cancellationToken).ConfigureAwait(false);
                    if (!installed.Succeeded)
                    {
                        return (ReadinessStepOutcome.Failed, Failure($"installing {string.Join(", ", needed)} on {machine.Name}", installed));
                    }
                }
            }

            missing = await FindMissingAsync(state, cancellationToken).ConfigureAwait(false);
        }

        var report = missing.Where(m => m.Value.Count > 0).Select(m => $"{m.Key}: {string.Join(", ", m.Value)}").ToList();
        if (report.Count == 0)
        {
            var all = tools.Concat(state.NeedsPowerShell ? ["pwsh (PowerShell 7)"] : []);
            return (ReadinessStepOutcome.Succeeded, "answered on both machines: " + string.Join(", ", all));
        }

        var hint = missing.Any(m => m.Value.Contains("pwsh"))
            ? " PowerShell 7 (pwsh) is required" + (state.Pair.Spec.OsFamily == OsFamily.Windows ? " on Windows pairs" : string.Empty)
              + " but absent: put it in the image (https://aka.ms/install-powershell)."
            : string.Empty;
        var install = installable.Count > 0 && !_options.InstallMissingTools
            ? " Install them in the image, or set Netperf:Bootstrap:InstallMissingTools=true."
            : string.Empty;
        return (ReadinessStepOutcome.Failed, "missing on " + string.Join("; ", report) + "." + hint + install);
    }

    private async Task<Dictionary<string, List<string>>> FindMissingAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        // The two machines answer at once: neither check waits for the other.
        var machines = new[] { (state.Pair.Client, state.Client), (state.Pair.Peer, state.Peer) };
        var results = await Task.WhenAll(machines.Select(m =>
            RunAsync(m.Item1.Shell, "verify tools on " + m.Item1.Name, m.Item2.FindTools(state.Requirements.Tools, state.NeedsPowerShell), cancellationToken))).ConfigureAwait(false);
        var missing = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var ((machine, _), result) in machines.Zip(results))
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(Failure("verifying tools on " + machine.Name, result));
            }

            missing[machine.Name] = [.. KeyValueOutput.All(result.StandardOutput, "missing")];
        }

        return missing;
    }

    private async Task<(ReadinessStepOutcome, string)> ProveReadyAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        if (state.NeedsPowerShell)
        {
            // The PowerShell session is the proof: it is an ssh session to netperf-peer through the same ssh_config, key and
            // pinned known_hosts, and it starts pwsh once on each machine.
            return await ProvePowerShellAsync(state, cancellationToken).ConfigureAwait(false);
        }

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var probe = PeerProbe(state, nonce);
        var result = await RunAsync(state.Pair.Client.Shell, "prove: client runs a command on netperf-peer", state.Client.ProveReady(state.Pair.Id, probe), cancellationToken).ConfigureAwait(false);
        return Judge(state, result, nonce, $"the client ran a command on {PeerAlias} over ssh");
    }

    private async Task<(ReadinessStepOutcome, string)> ProvePowerShellAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var result = await RunAsync(
            state.Pair.Client.Shell, "prove: client runs Invoke-Command -HostName netperf-peer", state.Client.ProvePowerShell(state.Pair.Id, nonce, state.Requirements.Tools), cancellationToken)
            .ConfigureAwait(false);
        var client = KeyValueOutput.First(result.StandardOutput, "client-powershell");
        var peer = KeyValueOutput.First(result.StandardOutput, "peer-powershell");
        if (!result.Succeeded || KeyValueOutput.First(result.StandardOutput, "netperf-ready") != nonce)
        {
            return (ReadinessStepOutcome.Failed, "the PowerShell remoting session from the client to " + PeerAlias + " did not return the nonce: "
                + Failure("Invoke-Command -HostName " + PeerAlias, result) + PowerShellHint(result));
        }

        if (!IsPowerShell7(peer))
        {
            return (ReadinessStepOutcome.Failed, $"the peer's PowerShell remoting server is PowerShell {peer ?? "(unknown)"}, not 7 or later; point the peer's sshd 'Subsystem powershell' at pwsh 7.");
        }

        var missing = KeyValueOutput.All(result.StandardOutput, "missing");
        if (missing.Count > 0)
        {
            return (ReadinessStepOutcome.Failed, $"Invoke-Command reached {PeerAlias}, but these tools did not answer there: {string.Join(", ", missing)}");
        }

        state.Proven = true;
        return (ReadinessStepOutcome.Succeeded, $"the client (PowerShell {client}) ran Invoke-Command -HostName {PeerAlias} (PowerShell {peer}) through the pair's ssh_config in "
            + result.Duration.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms");
    }

    private static bool IsPowerShell7(string? version) =>
        version is not null && int.TryParse(version.Split('.')[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var major) && major >= 7;

    private static string PowerShellHint(Remoting.RemoteCommandResult result)
    {
        var error = result.StandardError;
        if (error.Contains("Host key verification failed", StringComparison.OrdinalIgnoreCase) || error.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal))
        {
            return " The peer's host key is not the one pinned in the pair's known_hosts: the session was refused (no trust on first use).";
        }

        if (error.Contains("subsystem request failed", StringComparison.OrdinalIgnoreCase))
        {
            return " The peer's sshd has no 'powershell' subsystem; add 'Subsystem powershell /path/to/pwsh -sshs -NoLogo -NoProfile' to its sshd_config.";
        }

        return result.ExitCode == 3 ? " Install PowerShell 7 on the client." : string.Empty;
    }

    private async Task<(ReadinessStepOutcome, string)> ProveReadyLocallyAsync(BootstrapState state, CancellationToken cancellationToken)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        // No sshd, so no remoting session: the peer's pwsh (this machine's) is started once, to check it is 7 or later.
        var probe = state.Pair.Peer.OsFamily == OsFamily.Windows
            ? "'netperf-ready=" + nonce + "'\n" + PowerShellBootstrapScripts.Probe(state.Requirements.Tools, state.NeedsPowerShell)
            : "printf 'netperf-ready=%s\\n' " + nonce + "\n" + PosixBootstrapScripts.Probe(state.Requirements.Tools, state.NeedsPowerShell);
        var result = await RunAsync(state.Pair.Peer.Shell, "prove: the peer answers through a local-process session", probe, cancellationToken).ConfigureAwait(false);
        return Judge(state, result, nonce, "the peer answered through a local-process session (no sshd found)");
    }

    private static string PeerProbe(BootstrapState state, string nonce)
    {
        if (state.Pair.Peer.OsFamily == OsFamily.Windows)
        {
            // Windows OpenSSH runs commands in cmd by default; Windows PowerShell is always there to run the probe.
            var script = "'netperf-ready=" + nonce + "'\n" + PowerShellBootstrapScripts.Probe(state.Requirements.Tools, state.NeedsPowerShell, startPowerShell: false);
            return "powershell.exe " + string.Join(' ', PowerShellCommand.Arguments(script));
        }

        return "printf 'netperf-ready=%s\\n' " + nonce + "\n" + PosixBootstrapScripts.Probe(state.Requirements.Tools, state.NeedsPowerShell, startPowerShell: false);
    }

    private static (ReadinessStepOutcome, string) Judge(BootstrapState state, Remoting.RemoteCommandResult result, string nonce, string what)
    {
        if (!result.Succeeded || KeyValueOutput.First(result.StandardOutput, "netperf-ready") != nonce)
        {
            return (ReadinessStepOutcome.Failed, Failure("the readiness probe", result) + " The client could not run a command on netperf-peer; see the steps above.");
        }

        var missing = KeyValueOutput.All(result.StandardOutput, "missing");
        if (missing.Count > 0)
        {
            return (ReadinessStepOutcome.Failed, $"{what}, but these tools did not answer on the peer: {string.Join(", ", missing)}");
        }

        state.Proven = true;
        var tools = state.Requirements.Tools.Concat(state.NeedsPowerShell ? ["pwsh"] : []).ToList();
        return (ReadinessStepOutcome.Succeeded, what + " in " + result.Duration.TotalMilliseconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " ms"
            + (tools.Count == 0 ? string.Empty : "; tools answered: " + string.Join(", ", tools)));
    }
}
