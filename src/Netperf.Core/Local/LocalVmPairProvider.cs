using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Local.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Remoting;
using Netperf.Core.Remoting.Internal;

namespace Netperf.Core.Local;

/// <summary>
/// The <c>local</c> environment: a pair on this machine. The client is this machine (a <see cref="LocalProcessShell"/>);
/// the peer is a private <c>sshd</c> on a free loopback port run as the current user (<see cref="PrivateSshServer"/>),
/// reached through an <see cref="OpenSshShell"/>. Each pair has a state file with its ownership tags, sshd pid and port,
/// so pairs can be listed and deleted from another process. Where no sshd exists the peer falls back to local
/// processes (tag <see cref="PeerBootstrapper.TransportTag"/> = <see cref="PeerBootstrapper.LocalProcessTransport"/>).
/// Deleting a pair kills its sshd and sessions, checks the port is free, and removes every file of the pair.
/// </summary>
public sealed partial class LocalVmPairProvider : IVmPairProvider, IAsyncDisposable
{
    /// <summary>The environment name.</summary>
    public const string EnvironmentName = "local";

    private readonly LocalOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IPAddress _address;
    private readonly ConcurrentDictionary<string, LivePair> _live = new(StringComparer.Ordinal);
    private readonly string _stateRoot;
    private readonly Lock _stateGate = new();

    /// <summary>Creates the provider.</summary>
    /// <param name="options">The <c>Netperf:Local</c> settings.</param>
    /// <param name="loggerFactory">Loggers for the provider and the shells it makes.</param>
    /// <param name="timeProvider">The clock for creation times, expiry and timeouts.</param>
    public LocalVmPairProvider(IOptions<LocalOptions> options, ILoggerFactory? loggerFactory = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        var validation = new LocalOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(LocalOptions.SectionName, typeof(LocalOptions), validation.Failures);
        }

        _loggers = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<LocalVmPairProvider>();
        _time = timeProvider ?? TimeProvider.System;
        _address = IPAddress.Parse(_options.ListenAddress);
        _stateRoot = Path.GetFullPath(_options.StateDirectory ?? NetperfPaths.StateRoot());
        PairsFolder = Path.Combine(_stateRoot, "pairs");
    }

    /// <inheritdoc />
    public string Environment => EnvironmentName;

    /// <summary>The folder with the pairs' state files and folders.</summary>
    public string PairsFolder { get; }

    /// <summary>The absolute path of the sshd this provider uses, or <see langword="null"/> when it falls back to local processes.</summary>
    public string? SshdPath => LocalTools.FindSshd(_options.SshdPath);

    /// <inheritdoc />
    /// <remarks>
    /// Besides the pairs (one per state file), it lists as <see cref="PairRecord.IsRemnant"/> what a crash left in this
    /// provider's private state folder: a pair folder or a temporary state file without its state file, and an ssh session
    /// folder whose process is gone.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The state folder is not private (another user's, or a link): nothing in it is trusted.</exception>
    public async Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default)
    {
        var records = new List<PairRecord>();
        if (PrivateFolder.Verify(PairsFolder, _stateRoot))
        {
            foreach (var file in Directory.EnumerateFiles(PairsFolder, "*.json").Order(StringComparer.Ordinal))
            {
                LocalPairState? state;
                try
                {
                    state = await LocalPairState.LoadAsync(file, cancellationToken).ConfigureAwait(false);
                }
                catch (System.Text.Json.JsonException ex)
                {
                    LocalLog.BadStateFile(_logger, file, ex.Message);
                    continue;
                }

                if (state is not null)
                {
                    records.Add(new PairRecord { Id = state.Id, Environment = EnvironmentName, Tags = state.Tags, CreatedAt = state.CreatedAt });
                }
            }

            records.AddRange(PairRemnants().Select(Remnant));
        }

        records.AddRange(SessionRemnants().Select(name => Remnant(SessionPrefix + name)));
        return records;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Kills the pair's sshd only when it is provably the pair's: the recorded pid with the recorded start time, or (for a
    /// launch whose pid was never recorded) a process of this user with exactly the launch command line for the pair's
    /// folder. A record naming any other live process has its files removed, and the deletion then fails naming it.
    /// Ids <c>ssh/&lt;name&gt;</c> name an orphaned session folder (see <see cref="ListPairsAsync"/>).
    /// </remarks>
    public async Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        if (pairId.StartsWith(SessionPrefix, StringComparison.Ordinal))
        {
            DeleteSessionRemnant(pairId[SessionPrefix.Length..]);
            return;
        }

        ShellQuoteId(pairId);
        if (_live.TryRemove(pairId, out var live))
        {
            await live.DisposeAsync().ConfigureAwait(false);
        }

        if (!PrivateFolder.Verify(PairsFolder, _stateRoot))
        {
            return;
        }

        var statePath = LocalPairState.PathFor(PairsFolder, pairId);
        LocalPairState? state = null;
        try
        {
            state = await LocalPairState.LoadAsync(statePath, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException ex)
        {
            LocalLog.BadStateFile(_logger, statePath, ex.Message);
        }

        // The paths follow from the id; the record's own paths are not trusted.
        var peerFolder = Path.Combine(PairsFolder, pairId, "peer");
        var address = IPAddress.Parse(state?.ListenAddress ?? _options.ListenAddress);
        string? foreign = null;
        if (state is { SshdPid: > 0 })
        {
            if (state.SshdPath is not null && SshdProcess.IsOurs(state.SshdPid, state.SshdPath, peerFolder, state.SshdStartTicks))
            {
                await PrivateSshServer.StopProcessAsync(state.SshdPid, state.SshdStartTicks, state.SshdPath, peerFolder, address, state.SshdPort, _time, cancellationToken).ConfigureAwait(false);
            }
            else if (ProcessIdentity.StartTicks(state.SshdPid) is { } started && (state.SshdStartTicks <= 0 || started == state.SshdStartTicks))
            {
                // Alive and not a recycled pid (its start time matches, or none was recorded), yet not the pair's sshd.
                foreign = ProcessIdentity.Describe(state.SshdPid);
            }
        }

        // A launch killed before its pid was saved (or a pair folder whose record is gone): find its sshd by what it runs.
        var sshd = state?.SshdPath ?? SshdPath;
        if (sshd is not null && Directory.Exists(peerFolder))
        {
            foreach (var (pid, started) in SshdProcess.FindUnrecorded(sshd, peerFolder, Math.Max(1, state?.RecordedTicks ?? 1)))
            {
                LocalLog.UnrecordedSshd(_logger, pairId, pid);
                await PrivateSshServer.StopProcessAsync(pid, started, sshd, peerFolder, address, port: 0, _time, cancellationToken).ConfigureAwait(false);
            }
        }

        // The state file goes last: a deletion killed half-way is found and finished by the next one.
        PrivateSshServer.DeleteFolder(Path.Combine(PairsFolder, pairId));
        foreach (var temp in Directory.EnumerateFiles(PairsFolder, pairId + ".json" + NetperfPaths.TempMarker + "*"))
        {
            File.Delete(temp);
        }

        lock (_stateGate)
        {
            File.Delete(statePath);
        }

        LocalLog.PairDeleted(_logger, pairId);
        if (foreign is not null)
        {
            LocalLog.ForeignProcess(_logger, pairId, foreign);
            throw new InvalidOperationException(
                $"The local pair '{pairId}' was deleted, but its record named process {foreign} as its sshd, and that process is not the pair's sshd " +
                "(its command line, owner or start time differ from what Netperf recorded when it started it), so it was left running. " +
                $"Netperf does not write such records: check who can write to '{PairsFolder}'.");
        }
    }

    /// <inheritdoc />
    public Task<bool> ExtendExpiryAsync(string pairId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        ShellQuoteId(pairId);
        cancellationToken.ThrowIfCancellationRequested();
        var statePath = LocalPairState.PathFor(PairsFolder, pairId);
        var verified = PrivateFolder.Verify(PairsFolder, _stateRoot);

        // Under the same lock as deletion's removal of the state file: an extension never brings back a deleted record.
        lock (_stateGate)
        {
            var state = verified ? LocalPairState.Load(statePath) : null;
            if (state is null)
            {
                throw new InvalidOperationException($"No local pair '{pairId}' exists in '{PairsFolder}'.");
            }

            var tags = OwnershipTags.WithLaterExpiry(state.Tags, expiresAt);
            if (!ReferenceEquals(tags, state.Tags))
            {
                (state with { Tags = new Dictionary<string, string>(tags, StringComparer.OrdinalIgnoreCase) }).Save(PairsFolder);
            }
        }

        return Task.FromResult(true);
    }

    /// <summary>Closes the sessions of the pairs this instance made (their control connections); the pairs stay until deleted.</summary>
    /// <returns>A task that completes when the sessions are closed.</returns>
    public async ValueTask DisposeAsync()
    {
        foreach (var id in _live.Keys.ToList())
        {
            if (_live.TryGetValue(id, out var live))
            {
                await live.CloseSessionsAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// How the orchestrator reaches a pair's private sshd: the orchestrator key and known_hosts in
    /// <paramref name="orchestratorFolder"/>, host key pinned, and the host-local key exchange (loopback never leaves this kernel).
    /// </summary>
    private OpenSshTarget PeerTarget(string address, int port, string orchestratorFolder) => new()
    {
        Host = address,
        Port = port,
        User = PrivateSshServer.UserName,
        IdentityFile = Path.Combine(orchestratorFolder, "id_ed25519"),
        KnownHostsFile = Path.Combine(orchestratorFolder, "known_hosts"),
        HostKeyPolicy = HostKeyPolicy.Strict,
        ConnectTimeout = _options.StartTimeout,
        KeyExchangeAlgorithms = SshKeyExchange.HostLocal,
    };

    private static void ShellQuoteId(string pairId)
    {
        if (!Remoting.ShellQuoting.SafeName().IsMatch(pairId))
        {
            throw new ArgumentException($"The pair id '{pairId}' may only hold letters, digits, '.', '_', '+' and '-' (at most 64).", nameof(pairId));
        }
    }

    /// <summary>What this instance holds for a pair it made: the sessions and the server process.</summary>
    private sealed class LivePair(IRemoteShell client, IRemoteShell peer, PrivateSshServer? server) : IAsyncDisposable
    {
        public async Task CloseSessionsAsync()
        {
            await client.DisposeAsync().ConfigureAwait(false);
            await peer.DisposeAsync().ConfigureAwait(false);
        }

        public async ValueTask DisposeAsync()
        {
            await CloseSessionsAsync().ConfigureAwait(false);
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
