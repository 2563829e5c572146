using Microsoft.Extensions.Logging;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Local.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local;

/// <content>Opening a pair made earlier, from its state file (another process's <c>pairs create</c>).</content>
public sealed partial class LocalVmPairProvider
{
    /// <inheritdoc />
    /// <remarks>
    /// The client is this machine (a local process shell that sees this provider's state folder, where the bootstrapper
    /// put the pair's key, known_hosts and ssh_config); the peer is reached with the orchestrator's key and the host key
    /// pinned at creation. Nothing is started: a pair whose sshd is gone fails when a command runs.
    /// </remarks>
    public Task<VmPair> OpenPairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        ShellQuoteId(pairId);
        cancellationToken.ThrowIfCancellationRequested();
        var state = PrivateFolder.Verify(PairsFolder, _stateRoot) ? LocalPairState.Load(LocalPairState.PathFor(PairsFolder, pairId)) : null;
        if (state is null || state.Id != pairId)
        {
            throw new InvalidOperationException($"No local pair '{pairId}' exists in '{PairsFolder}'; see 'pairs list'.");
        }

        var os = OperatingSystem.IsWindows() ? OsFamily.Windows : OsFamily.Linux;
        var folder = Path.Combine(PairsFolder, pairId);
        var environment = new Dictionary<string, string> { [NetperfPaths.StateVariable] = _stateRoot };
        var client = new LocalProcessShell(_loggers.CreateLogger<LocalProcessShell>(), _time, environment: environment);
        IRemoteShell peer;
        string peerAddress;
        if (state.Transport == PeerBootstrapper.LocalProcessTransport)
        {
            peer = new LocalProcessShell(_loggers.CreateLogger<LocalProcessShell>(), _time, environment: environment);
            peerAddress = state.ListenAddress;
        }
        else
        {
            var orchestrator = Path.Combine(folder, "orchestrator");
            peer = new OpenSshShell(PeerTarget(state.ListenAddress, state.SshdPort, orchestrator), _loggers.CreateLogger<OpenSshShell>(), _time);
            peerAddress = state.ListenAddress.Contains(':', StringComparison.Ordinal) ? $"[{state.ListenAddress}]:{state.SshdPort}" : $"{state.ListenAddress}:{state.SshdPort}";
        }

        var tags = state.Tags;
        return Task.FromResult(new VmPair
        {
            Id = pairId,
            Spec = new MachineSpec { Image = os == OsFamily.Windows ? "windows-local" : "linux-local", Environment = EnvironmentName },
            Owner = tags.GetValueOrDefault(OwnershipTags.Owner, string.Empty),
            RunId = tags.GetValueOrDefault(OwnershipTags.Run, string.Empty),
            CreatedAt = state.CreatedAt,
            ExpiresAt = OwnershipTags.TryGetExpiry(tags) ?? state.CreatedAt,
            Tags = tags,
            LinkStaysOnHost = true,
            Client = new Machine { Name = pairId + "-client", Addresses = [state.ListenAddress], OsFamily = os, Shell = client },
            Peer = new Machine { Name = pairId + "-peer", Addresses = [peerAddress], OsFamily = os, Shell = peer },
        });
    }
}
