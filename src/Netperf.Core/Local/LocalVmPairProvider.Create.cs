using Microsoft.Extensions.Logging;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Local.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local;

/// <content>Creation, all-or-nothing.</content>
public sealed partial class LocalVmPairProvider
{
    /// <inheritdoc />
    public string? CheckSpec(MachineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var hostOs = OperatingSystem.IsWindows() ? OsFamily.Windows : OsFamily.Linux;
        if (spec.OsFamily != hostOs)
        {
            return $"the local environment runs on this {hostOs} machine and cannot make a {spec.OsFamily} pair ({spec.Image})";
        }

        var arch = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        return GitHub.RunnerLabels.Architecture(spec.Architecture) == GitHub.RunnerLabels.Architecture(arch)
            ? null
            : $"the local environment runs on this {arch} machine and cannot make a {spec.Architecture} pair";
    }

    /// <inheritdoc />
    public async Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Spec.Environment, EnvironmentName, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The local provider makes pairs of environment 'local', not '{request.Spec.Environment}'.", nameof(request));
        }

        var hostOs = OperatingSystem.IsWindows() ? OsFamily.Windows : OsFamily.Linux;
        if (request.Spec.OsFamily != hostOs)
        {
            throw new PairProvisioningException("create-pair", $"the local environment runs on this {hostOs} machine and cannot make a {request.Spec.OsFamily} pair ({request.Spec.Image}); use the lab or azure environment for it.");
        }

        var id = request.PairId ?? "local-" + NetperfPaths.RandomSuffix();
        ShellQuoteId(id);
        var pwsh = LocalTools.FindPwsh();
        if (request.RequirePowerShell && pwsh is null)
        {
            throw new PairRequestException(
                $"PowerShell 7 was asked for, but the local environment's image (this machine) has no pwsh (searched PATH and ~/.dotnet/tools). " +
                "Install it (dotnet tool install --global PowerShell --version 7.6.10) or ask for a pair without PowerShell. Nothing was created.");
        }

        NetperfPaths.EnsurePrivateFolder(PairsFolder, _stateRoot);
        if (Directory.EnumerateFiles(PairsFolder, "*.json").Count() >= _options.MaxPairs)
        {
            throw new PairProvisioningException("create-pair", $"{_options.MaxPairs} local pairs exist already (Netperf:Local:MaxPairs); delete some (pairs list / pairs delete) or raise the limit.");
        }

        if (File.Exists(LocalPairState.PathFor(PairsFolder, id)))
        {
            throw new InvalidOperationException($"A local pair '{id}' exists already; delete it first or request another id.");
        }

        var created = _time.GetUtcNow();
        var expires = created + request.TimeToLive;
        var tags = new Dictionary<string, string>(OwnershipTags.Create(request, id, expires), StringComparer.OrdinalIgnoreCase);
        if (request.RequirePowerShell)
        {
            tags[PeerBootstrapper.ShellTag] = PeerBootstrapper.PowerShellShell;
        }

        var folder = Path.Combine(PairsFolder, id);
        var state = new LocalPairState
        {
            Id = id, Tags = tags, CreatedAt = created, Folder = folder, ListenAddress = _options.ListenAddress,
            RecordedTicks = ProcessIdentity.IsSupported ? ProcessIdentity.NowTicks() : 0,
        };

        // Write-ahead: the state file comes before anything of the pair exists, so a kill at any later point leaves
        // something the janitor finds by its ownership tags.
        state.Save(PairsFolder);
        var step = "create-folder";
        PrivateSshServer? server = null;
        IRemoteShell? peerShell = null;
        // The client's pair files (made by the bootstrapper) go under this provider's state folder, so deletion finds them.
        var clientEnvironment = new Dictionary<string, string> { [NetperfPaths.StateVariable] = _stateRoot };
        var clientShell = new LocalProcessShell(_loggers.CreateLogger<LocalProcessShell>(), _time, environment: clientEnvironment);
        try
        {
            NetperfPaths.EnsurePrivateFolder(folder, _stateRoot);
            step = "start-sshd";
            var sshd = LocalTools.FindSshd(_options.SshdPath);
            string peerAddress;
            if (sshd is null)
            {
                if (!_options.AllowLocalProcessFallback)
                {
                    throw new InvalidOperationException("no sshd binary was found; install openssh-server or set Netperf:Local:SshdPath.");
                }

                LocalLog.NoSshd(_logger, id);
                tags[PeerBootstrapper.TransportTag] = PeerBootstrapper.LocalProcessTransport;
                state = state with { Transport = PeerBootstrapper.LocalProcessTransport };
                state.Save(PairsFolder);
                peerShell = new LocalProcessShell(_loggers.CreateLogger<LocalProcessShell>(), _time, environment: clientEnvironment);
                peerAddress = _options.ListenAddress;
            }
            else
            {
                tags[PeerBootstrapper.TransportTag] = "ssh";

                // Which sshd will run, before it runs: deletion then recognises it by its exact command line.
                state = state with { SshdPath = sshd, SshdConfig = SshdProcess.ConfigFile(Path.Combine(folder, "peer")) };
                state.Save(PairsFolder);
                (server, peerShell, state) = await StartPeerAsync(id, folder, sshd, pwsh, state, s => step = s, cancellationToken).ConfigureAwait(false);
                peerAddress = server.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
                    ? $"[{server.Address}]:{server.Port}"
                    : $"{server.Address}:{server.Port}";
            }

            var pair = new VmPair
            {
                Id = id,
                Spec = request.Spec,
                Owner = request.Owner,
                RunId = request.RunId,
                CreatedAt = created,
                ExpiresAt = expires,
                Tags = tags,
                LinkStaysOnHost = true,
                Client = new Machine { Name = id + "-client", Addresses = [_options.ListenAddress], OsFamily = hostOs, Shell = clientShell },
                Peer = new Machine { Name = id + "-peer", Addresses = [peerAddress], OsFamily = hostOs, Shell = peerShell },
            };
            _live[id] = new LivePair(clientShell, peerShell, server);
            LocalLog.PairCreated(_logger, id, pair.Peer.Shell.Description, state.Transport);
            return pair;
        }
        catch (Exception ex)
        {
            LocalLog.PairCreateFailed(_logger, id, step, ex);
            if (peerShell is not null)
            {
                await peerShell.DisposeAsync().ConfigureAwait(false);
            }

            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            await DeletePairAsync(id, CancellationToken.None).ConfigureAwait(false);
            if (ex is OperationCanceledException)
            {
                throw;
            }

            throw new PairProvisioningException(step, $"the local pair '{id}' could not be made: {ex.Message} Nothing of it was left behind.", ex);
        }
    }

    private async Task<(PrivateSshServer Server, IRemoteShell Shell, LocalPairState State)> StartPeerAsync(string id, string folder, string sshd, string? pwsh, LocalPairState state, Action<string> enter, CancellationToken cancellationToken)
    {
        var peerFolder = Path.Combine(folder, "peer");
        var serverOptions = new PrivateSshServerOptions
        {
            SshdPath = sshd,
            SshKeygenPath = _options.SshKeygenPath,
            ListenAddress = _options.ListenAddress,
            StartTimeout = _options.StartTimeout,
            PowerShellPath = pwsh,
            SessionEnvironment = new Dictionary<string, string>
            {
                // Tells the bootstrapper where this peer's authorized keys and host keys are (not ~/.ssh, not /etc/ssh).
                ["NETPERF_AUTHORIZED_KEYS"] = Path.Combine(peerFolder, "authorized_keys"),
                ["NETPERF_HOST_KEYS"] = Path.Combine(peerFolder, "host_ed25519_key.pub"),
                ["NETPERF_PAIR"] = id,
            },
        };
        // The pid and start time are saved the moment sshd is launched, before it listens: a crash after that leaves a record.
        void Launched(int pid, long startTicks)
        {
            state = state with { SshdPid = pid, SshdStartTicks = startTicks };
            state.Save(PairsFolder);
        }

        // The orchestrator's own key to the peer (the bootstrapper makes the client's), 0600 in the pair's 0700 folder: made
        // while the peer's host key is made and its sshd starts, since neither needs the other.
        var orchestrator = NetperfPaths.EnsurePrivateFolder(Path.Combine(folder, "orchestrator"), _stateRoot);
        var key = Path.Combine(orchestrator, "id_ed25519");
        var orchestratorKey = LocalTools.GenerateKeyAsync(_options.SshKeygenPath, key, "netperf-orchestrator-" + id, _time, _logger, cancellationToken);
        PrivateSshServer server;
        try
        {
            server = await PrivateSshServer.StartAsync(peerFolder, serverOptions, _loggers.CreateLogger<PrivateSshServer>(), _time, Launched, ports: null, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Nothing of the pair may still be written once the failure is handed on (deletion follows).
            await orchestratorKey.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).ConfigureAwait(false);
            throw;
        }

        try
        {
            state = state with { SshdPid = server.ProcessId, SshdStartTicks = server.ProcessStartTicks, SshdPort = server.Port };
            state.Save(PairsFolder);

            enter("orchestrator-key");
            await orchestratorKey.ConfigureAwait(false);
            await server.AuthorizeKeyAsync(await File.ReadAllTextAsync(key + ".pub", cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var knownHosts = Path.Combine(orchestrator, "known_hosts");
            NetperfPaths.WritePrivateFile(knownHosts, server.KnownHostsLine + "\n");

            // No probe command here: the peer's first command (the bootstrapper's, which authorizes the client's key) opens
            // the shared connection and is the proof that this sshd runs commands; a pair whose peer fails it is deleted.
            var shell = new OpenSshShell(PeerTarget(server.Address.ToString(), server.Port, orchestrator), _loggers.CreateLogger<OpenSshShell>(), _time);
            return (server, shell, state);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
