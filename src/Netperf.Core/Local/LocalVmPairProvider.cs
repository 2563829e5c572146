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
    /// <exception cref="InvalidOperationException">The state folder is not private (another user's, or a link): nothing in it is trusted.</exception>
    public async Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default)
    {
        if (!PrivateFolder.Verify(PairsFolder, _stateRoot))
        {
            return [];
        }

        var records = new List<PairRecord>();
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

        return records;
    }

    /// <inheritdoc />
    public async Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
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
        string? foreign = null;
        if (state is { SshdPid: > 0 })
        {
            if (state.SshdPath is not null && SshdProcess.IsOurs(state.SshdPid, state.SshdPath, peerFolder, state.SshdStartTicks))
            {
                await PrivateSshServer.StopProcessAsync(state.SshdPid, state.SshdStartTicks, state.SshdPath, peerFolder, IPAddress.Parse(state.ListenAddress), state.SshdPort, _time, cancellationToken).ConfigureAwait(false);
            }
            else if (ProcessIdentity.StartTicks(state.SshdPid) is { } started && (state.SshdStartTicks <= 0 || started == state.SshdStartTicks))
            {
                // Alive and not a recycled pid (its start time matches, or none was recorded), yet not the pair's sshd.
                foreign = ProcessIdentity.Describe(state.SshdPid);
            }
        }

        PrivateSshServer.DeleteFolder(Path.Combine(PairsFolder, pairId));
        File.Delete(statePath);
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
