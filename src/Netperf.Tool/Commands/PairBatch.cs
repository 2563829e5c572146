using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Tool.Cli;

namespace Netperf.Tool.Commands;

/// <summary>
/// Creates N pairs all or nothing (<c>pairs create --count N</c>). Pairs are provisioned in parallel (each all or
/// nothing itself, through <see cref="PairProvisioner"/>), with a few attempts each; progress goes to stderr. When a
/// pair fails every attempt, or the caller cancels (a signal), the rest are stopped and everything made is deleted,
/// each deletion said on stderr, within a cleanup bound (<c>--cleanup-timeout</c>, a second Ctrl+C); what could not be
/// deleted in time is named in the outcome.
/// </summary>
/// <remarks>
/// The ids are chosen here, before a pair is asked for, so a pair that was still being created when the batch
/// stopped is known by name: the provisioner deletes it as it unwinds, and this class then checks the environment's
/// list that it is gone (and deletes it if not).
/// </remarks>
internal sealed class PairBatch
{
    private readonly PairProvisioner _provisioner;
    private readonly IVmPairProvider _provider;
    private readonly TextWriter _progress;
    private readonly TimeProvider _time;

    public PairBatch(PairProvisioner provisioner, IVmPairProvider provider, TextWriter progress, TimeProvider time)
    {
        _provisioner = provisioner;
        _provider = provider;
        _progress = progress;
        _time = time;
    }

    /// <summary>Makes <paramref name="count"/> ready pairs, or none.</summary>
    /// <param name="request">What each pair is (its id is set here).</param>
    /// <param name="requirements">What each pair needs beyond a session.</param>
    /// <param name="count">How many pairs.</param>
    /// <param name="attempts">Tries per pair before the batch fails.</param>
    /// <param name="parallelism">How many pairs are provisioned at once.</param>
    /// <param name="beginCleanup">Starts the bounded cleanup (after a failure or cancellation).</param>
    /// <param name="cancellationToken">Cancels the batch; everything made is then deleted.</param>
    /// <returns>The kept pairs, or why there are none and what was left.</returns>
    public async Task<PairBatchOutcome> CreateAsync(
        PairRequest request,
        BootstrapRequirements requirements,
        int count,
        int attempts,
        int parallelism,
        Func<CleanupScope> beginCleanup,
        CancellationToken cancellationToken)
    {
        var slots = Enumerable.Range(0, count).Select(_ => new Slot()).ToList();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var gate = new SemaphoreSlim(Math.Max(1, parallelism));
        var started = _time.GetTimestamp();
        var ready = 0;

        async Task RunAsync(Slot slot)
        {
            var token = stop.Token;
            try
            {
                await gate.WaitAsync(token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                for (var attempt = 1; attempt <= attempts && !token.IsCancellationRequested; attempt++)
                {
                    var id = NewPairId();
                    slot.Begin(id);
                    try
                    {
                        slot.Succeed(await _provisioner.ProvisionAsync(request with { PairId = id }, requirements, token));
                        var done = Interlocked.Increment(ref ready);
                        Say($"ready {id} ({done} of {count}, {_time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)");
                        return;
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        // The provisioner deleted what there was of it (all or nothing); the cleanup checks.
                        return;
                    }
                    catch (Exception ex)
                    {
                        slot.Fail(ex);
                        if (ex is PairRequestException)
                        {
                            // The provider cannot meet the request at all (checked before it made anything): no retry.
                            break;
                        }

                        if (attempt < attempts && !token.IsCancellationRequested)
                        {
                            Say($"pair {id} failed: {ex.Message} Trying again ({attempt + 1} of {attempts}).");
                        }
                    }
                }

                if (!token.IsCancellationRequested)
                {
                    // All or nothing: one pair that cannot be made dooms the batch; stop the others now.
                    await stop.CancelAsync();
                }
            }
            finally
            {
                gate.Release();
            }
        }

        var runs = slots.Select(s => s.Run = RunAsync(s)).ToList();
        try
        {
            await Task.WhenAll(runs).WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Cancelled, or a pair failed every attempt: everything goes.
        }

        if (!stop.IsCancellationRequested && slots.All(s => s.Made is not null))
        {
            return new PairBatchOutcome { Kept = slots.Select(s => s.Made!).ToList() };
        }

        await stop.CancelAsync();
        var cancelled = cancellationToken.IsCancellationRequested;
        var errors = cancelled ? [] : slots.Where(s => s.Error is not null).Select(s => s.Error!.Message).ToList();
        foreach (var error in errors)
        {
            Say($"error: {error}");
        }

        var present = slots.Count(s => s.Made is not null || s.Current is not null);
        Say(cancelled
            ? $"cancelling: deleting {Plural(present)}…"
            : $"error: {count - slots.Count(s => s.Made is not null)} of {count} pair(s) could not be made ready; deleting {Plural(present)}…");
        using var cleanup = beginCleanup();
        var left = await CleanUpAsync(slots, cleanup.Token);
        return new PairBatchOutcome
        {
            Kept = [],
            Cancelled = cancelled,
            Errors = errors,
            Refused = cancelled ? null : slots.Select(s => s.Error).OfType<PairRequestException>().FirstOrDefault()?.Message,
            Left = left,
            CleanupStopReason = left.Count > 0 ? cleanup.StopReason : null,
        };
    }

    /// <summary>Deletes what the slots made or were making; returns the ids that may still exist.</summary>
    private async Task<IReadOnlyList<string>> CleanUpAsync(List<Slot> slots, CancellationToken token)
    {
        var gone = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        async Task DeleteMadeAsync(Slot slot)
        {
            // Wait until the slot has stopped: a pair still being made is deleted by the provisioner as it unwinds.
            await slot.Run!.WaitAsync(token);
            if (slot.Made is { } made)
            {
                await DeleteAsync(made.Pair.Id, string.Empty);
            }
        }

        async Task DeleteAsync(string id, string note)
        {
            try
            {
                await _provider.DeletePairAsync(id, token).WaitAsync(token);
                gone[id] = true;
                Say($"deleted {id}{note}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !token.IsCancellationRequested)
            {
                Say($"error: could not delete {_provider.Environment}/{id}: {ex.Message}");
            }
        }

        async Task CheckUnmadeAsync()
        {
            // The provisioner deletes a pair that was being made, and a failed attempt, quietly as it unwinds: once
            // every slot has stopped, one look at the environment's list tells what is really gone.
            await Task.WhenAll(slots.Select(s => s.Run!)).WaitAsync(token);
            var made = slots.Select(s => s.Made?.Pair.Id).Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
            var unmade = slots.SelectMany(s => s.Attempted).Where(id => !made.Contains(id)).ToList();
            if (unmade.Count == 0)
            {
                return;
            }

            var existing = (await _provider.ListPairsAsync(token).WaitAsync(token)).Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
            var stopped = slots.Select(s => s.Current).Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
            foreach (var id in unmade)
            {
                if (existing.Contains(id))
                {
                    await DeleteAsync(id, string.Empty);
                }
                else
                {
                    gone[id] = true;
                    if (stopped.Contains(id))
                    {
                        Say($"deleted {id} (stopped while it was being created)");
                    }
                }
            }
        }

        try
        {
            await Task.WhenAll(slots.Select(DeleteMadeAsync).Append(CheckUnmadeAsync())).WaitAsync(token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Abandoned or out of time: the caller names what is left.
        }
        catch (Exception ex)
        {
            Say($"error: could not list the {_provider.Environment} pairs to check the cleanup: {ex.Message}");
        }

        return slots.SelectMany(s => s.Attempted)
            .Distinct(StringComparer.Ordinal)
            .Where(id => !gone.ContainsKey(id))
            .ToList();
    }

    /// <summary>
    /// Closes the sessions of kept pairs (their control connections), all pairs at once: each close waits for its
    /// connection to end, and one after another they took most of an 8-pair create's time. The pairs stay.
    /// </summary>
    public static Task CloseSessionsAsync(IEnumerable<ProvisionedPair> pairs) =>
        Task.WhenAll(pairs.Select(async pair =>
        {
            await pair.Pair.Client.Shell.DisposeAsync();
            await pair.Pair.Peer.Shell.DisposeAsync();
        }));

    private static string NewPairId() => "np-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private static string Plural(int pairs) => pairs == 1 ? "1 pair" : $"{pairs} pairs";

    private void Say(string line)
    {
        lock (_progress)
        {
            _progress.WriteLine(line);
            _progress.Flush();
        }
    }

    /// <summary>One pair of the batch: the attempt in progress, the ids tried, the result.</summary>
    private sealed class Slot
    {
        private readonly object _gate = new();
        private readonly List<string> _attempted = [];
        private string? _current;
        private ProvisionedPair? _made;
        private Exception? _error;

        public Task? Run { get; set; }

        /// <summary>The id of the attempt in progress (not made, not failed).</summary>
        public string? Current
        {
            get { lock (_gate) { return _current; } }
        }

        public ProvisionedPair? Made
        {
            get { lock (_gate) { return _made; } }
        }

        public Exception? Error
        {
            get { lock (_gate) { return _error; } }
        }

        public IReadOnlyList<string> Attempted
        {
            get { lock (_gate) { return [.. _attempted]; } }
        }

        public void Begin(string id)
        {
            lock (_gate)
            {
                _attempted.Add(id);
                _current = id;
            }
        }

        public void Succeed(ProvisionedPair pair)
        {
            lock (_gate)
            {
                _made = pair;
                _current = null;
            }
        }

        public void Fail(Exception error)
        {
            lock (_gate)
            {
                _error = error;
                _current = null;
            }
        }
    }
}
