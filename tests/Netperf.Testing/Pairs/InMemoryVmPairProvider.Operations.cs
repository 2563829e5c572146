using Netperf.Core.Pairs;
using Netperf.Core.Remoting;

namespace Netperf.Testing.Pairs;

public sealed partial class InMemoryVmPairProvider
{
    /// <inheritdoc />
    public async Task<VmPair> CreatePairAsync(PairRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.PairId ?? "mem-" + Guid.NewGuid().ToString("N")[..8];
        var created = _time.GetUtcNow();
        var expires = created + request.TimeToLive;
        var tags = OwnershipTags.Create(request, id, expires);
        int attempt;
        Exception? fault;
        lock (_gate)
        {
            _requests.Add(request);
            attempt = _requests.Count;
            fault = CreateFault?.Invoke(request, attempt);
            if (fault is null && _scriptedFailures > 0)
            {
                _scriptedFailures--;
                fault = new InvalidOperationException($"Injected failure creating pair {id}.");
            }

            if (fault is null && CreateFailureRate > 0 && _random.NextDouble() < CreateFailureRate)
            {
                fault = new InvalidOperationException($"Injected random failure creating pair {id}.");
            }

            _inProgress++;
            MaxConcurrentCreates = Math.Max(MaxConcurrentCreates, _inProgress);
            foreach (var waiter in _inProgressWaiters.Where(w => _inProgress >= w.Count).ToList())
            {
                _inProgressWaiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        var made = new List<string>();
        try
        {
            await MakeAsync($"{id}-client", tags, made, cancellationToken).ConfigureAwait(false);
            await WaitWhileHeldAsync(cancellationToken).ConfigureAwait(false);
            if (fault is not null)
            {
                throw fault;
            }

            await MakeAsync($"{id}-peer", tags, made, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                CreatedCount++;
            }

            return new VmPair
            {
                Id = id,
                Spec = request.Spec,
                Client = NewMachine($"{id}-client", request.Spec, "10.0.0.1"),
                Peer = NewMachine($"{id}-peer", request.Spec, "10.0.0.2"),
                Owner = request.Owner,
                RunId = request.RunId,
                CreatedAt = created,
                ExpiresAt = expires,
                Tags = tags,
            };
        }
        catch (Exception ex)
        {
            lock (_gate)
            {
                if (ReferenceEquals(ex, fault))
                {
                    FailedCreateCount++;
                }

                if (!LeaveHalfMadePairsOnFailure)
                {
                    foreach (var name in made)
                    {
                        _resources.Remove(name);
                    }

                    OnResourcesChangedLocked();
                }
            }

            throw;
        }
        finally
        {
            lock (_gate)
            {
                _inProgress--;
            }
        }
    }

    /// <inheritdoc />
    public async Task DeletePairAsync(string pairId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        if (DeleteFault?.Invoke(pairId) is { } fault)
        {
            throw fault;
        }

        if (DeletionDelay > TimeSpan.Zero)
        {
            await Task.Delay(DeletionDelay, _time, cancellationToken).ConfigureAwait(false);
        }

        lock (_gate)
        {
            var names = _resources.Where(r => PairIdOf(r.Key, r.Value) == pairId).Select(r => r.Key).ToList();
            foreach (var name in names)
            {
                _resources.Remove(name);
            }

            if (names.Count > 0)
            {
                DeletedCount++;
            }

            OnResourcesChangedLocked();
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PairRecord>> ListPairsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<PairRecord> records = _resources
                .GroupBy(r => PairIdOf(r.Key, r.Value), StringComparer.Ordinal)
                .Select(g => new PairRecord { Id = g.Key, Environment = Environment, Tags = g.First().Value })
                .ToList();
            return Task.FromResult(records);
        }
    }

    /// <inheritdoc />
    public Task<bool> ExtendExpiryAsync(string pairId, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pairId);
        lock (_gate)
        {
            var names = _resources.Where(r => PairIdOf(r.Key, r.Value) == pairId).Select(r => r.Key).ToList();
            if (names.Count == 0)
            {
                throw new InvalidOperationException($"No pair '{pairId}' exists in {Environment}.");
            }

            foreach (var name in names)
            {
                _resources[name] = OwnershipTags.WithLaterExpiry(_resources[name], expiresAt);
            }

            ExtendedCount++;
            foreach (var waiter in _expiryWaiters.Where(w => w.PairId == pairId && StoredExpiry(pairId) >= w.ExpiresAt).ToList())
            {
                _expiryWaiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }

            return Task.FromResult(true);
        }
    }

    private async Task WaitWhileHeldAsync(CancellationToken cancellationToken)
    {
        Task hold;
        lock (_gate)
        {
            if (_hold is null)
            {
                return;
            }

            hold = _hold.Task;
            _held++;
            foreach (var waiter in _heldWaiters.Where(w => _held >= w.Count).ToList())
            {
                _heldWaiters.Remove(waiter);
                waiter.Signal.TrySetResult();
            }
        }

        try
        {
            await hold.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                _held--;
            }
        }
    }

    private async Task MakeAsync(string name, IReadOnlyDictionary<string, string> tags, List<string> made, CancellationToken cancellationToken)
    {
        if (CreationDelay > TimeSpan.Zero)
        {
            await Task.Delay(CreationDelay, _time, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        lock (_gate)
        {
            _resources[name] = tags;
            made.Add(name);
            OnResourcesChangedLocked();
        }
    }

    private static Machine NewMachine(string name, MachineSpec spec, string address) => new()
    {
        Name = name,
        Addresses = [address],
        OsFamily = spec.OsFamily,
        Shell = new InMemoryMachineShell(name),
    };
}
