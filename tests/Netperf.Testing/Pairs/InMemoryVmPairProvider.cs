using Netperf.Core.Pairs;

namespace Netperf.Testing.Pairs;

/// <summary>
/// A pair provider that keeps its "machines" in memory, for tests of everything above the provider.
/// A pair is two resources (<c>&lt;id&gt;-client</c>, <c>&lt;id&gt;-peer</c>) made one after the other,
/// each taking <see cref="CreationDelay"/> on the injected clock, so a fault or a cancellation can
/// strike between them. Faults: <see cref="CreateFailureRate"/> (seeded random), <see cref="FailNextCreates"/>,
/// <see cref="CreateFault"/>, <see cref="DeleteFault"/>. By default the provider is all-or-nothing; set
/// <see cref="LeaveHalfMadePairsOnFailure"/> to model a buggy provider. <see cref="Resources"/> is
/// what exists, so tests can assert that nothing is left.
/// </summary>
public sealed partial class InMemoryVmPairProvider : IVmPairProvider
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _resources = new(StringComparer.Ordinal);
    private readonly List<PairRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _inProgressWaiters = [];
    private readonly List<(string PairId, TaskCompletionSource Signal)> _goneWaiters = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _heldWaiters = [];
    private readonly List<(string PairId, DateTimeOffset ExpiresAt, TaskCompletionSource Signal)> _expiryWaiters = [];
    private TaskCompletionSource? _hold;
    private int _held;
    private int _scriptedFailures;
    private int _inProgress;

    /// <summary>Creates the provider.</summary>
    /// <param name="environment">The environment name it serves; default <c>memory</c>.</param>
    /// <param name="timeProvider">The clock delays run on; <see cref="TimeProvider.System"/> when <see langword="null"/>.</param>
    /// <param name="seed">The seed of <see cref="CreateFailureRate"/>'s random numbers.</param>
    public InMemoryVmPairProvider(string environment = "memory", TimeProvider? timeProvider = null, int seed = 1)
    {
        Environment = environment;
        _time = timeProvider ?? TimeProvider.System;
        _random = new Random(seed);
    }

    /// <inheritdoc />
    public string Environment { get; }

    /// <summary>How long each machine takes to create (a pair takes twice this); zero for none.</summary>
    public TimeSpan CreationDelay { get; set; }

    /// <summary>How long a deletion takes; zero for none.</summary>
    public TimeSpan DeletionDelay { get; set; }

    /// <summary>The chance (0..1) that a creation fails after its client machine was made.</summary>
    public double CreateFailureRate { get; set; }

    /// <summary>Decides a fault per creation from the request and the 1-based attempt number; <see langword="null"/> for none.</summary>
    public Func<PairRequest, int, Exception?>? CreateFault { get; set; }

    /// <summary>Decides a fault per deletion from the pair id; <see langword="null"/> for none.</summary>
    public Func<string, Exception?>? DeleteFault { get; set; }

    /// <summary>Models a buggy provider that leaves the half-made pair behind when creation fails.</summary>
    public bool LeaveHalfMadePairsOnFailure { get; set; }

    /// <summary>Every resource that exists (machine name to tags).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Resources
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, IReadOnlyDictionary<string, string>>(_resources);
            }
        }
    }

    /// <summary>The ids of pairs that exist (from their resources' <c>netperf-pair</c> tags, or the resource name).</summary>
    public IReadOnlyList<string> ExistingPairIds
    {
        get
        {
            lock (_gate)
            {
                return _resources.Select(r => PairIdOf(r.Key, r.Value)).Distinct().Order(StringComparer.Ordinal).ToList();
            }
        }
    }

    /// <summary>Every creation request, in order.</summary>
    public IReadOnlyList<PairRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Creations that completed.</summary>
    public int CreatedCount { get; private set; }

    /// <summary>Creations that failed by an injected fault.</summary>
    public int FailedCreateCount { get; private set; }

    /// <summary>Deletions that removed something.</summary>
    public int DeletedCount { get; private set; }

    /// <summary>How many times a pair's expiry was extended (<see cref="ExtendExpiryAsync"/>).</summary>
    public int ExtendedCount { get; private set; }

    /// <summary>The most creations that were in progress at once.</summary>
    public int MaxConcurrentCreates { get; private set; }

    /// <summary>The most pairs that existed at once.</summary>
    public int MaxConcurrentPairs { get; private set; }

    /// <summary>Completes when no resource of the pair exists any more.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <returns>The signal.</returns>
    public Task WhenPairGone(string pairId)
    {
        lock (_gate)
        {
            if (!_resources.Any(r => PairIdOf(r.Key, r.Value) == pairId))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _goneWaiters.Add((pairId, signal));
            return signal.Task;
        }
    }

    /// <summary>The pair's stored <see cref="OwnershipTags.Expires"/> (what the janitor judges by); <see langword="null"/> when it has none.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <returns>The earliest expiry among the pair's resources.</returns>
    public DateTimeOffset? StoredExpiry(string pairId)
    {
        lock (_gate)
        {
            return _resources.Where(r => PairIdOf(r.Key, r.Value) == pairId).Select(r => OwnershipTags.TryGetExpiry(r.Value)).Min();
        }
    }

    /// <summary>Completes when every resource of the pair stores an expiry at or after <paramref name="expiresAt"/>.</summary>
    /// <param name="pairId">The pair id.</param>
    /// <param name="expiresAt">The expiry to reach.</param>
    /// <returns>The signal.</returns>
    public Task WhenExpiryAtLeast(string pairId, DateTimeOffset expiresAt)
    {
        lock (_gate)
        {
            if (StoredExpiry(pairId) >= expiresAt)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _expiryWaiters.Add((pairId, expiresAt, signal));
            return signal.Task;
        }
    }

    /// <summary>Makes the next <paramref name="count"/> creations fail.</summary>
    /// <param name="count">How many.</param>
    public void FailNextCreates(int count)
    {
        lock (_gate)
        {
            _scriptedFailures += count;
        }
    }

    /// <summary>Adds a resource as if something else had made it (for janitor tests), with exactly these tags.</summary>
    /// <param name="name">The resource name.</param>
    /// <param name="tags">Its tags (for example none, to model a resource that is not ours).</param>
    public void AddExistingResource(string name, IReadOnlyDictionary<string, string> tags)
    {
        lock (_gate)
        {
            _resources[name] = tags;
        }
    }

    /// <summary>
    /// Holds every creation after its client machine is made (a half-made pair) until
    /// <see cref="ReleaseCreations"/>; lets tests strike "mid-provisioning" without timing.
    /// </summary>
    public void HoldCreations()
    {
        lock (_gate)
        {
            _hold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets held creations, and those to come, go on.</summary>
    public void ReleaseCreations()
    {
        TaskCompletionSource? hold;
        lock (_gate)
        {
            hold = _hold;
            _hold = null;
        }

        hold?.TrySetResult();
    }

    /// <summary>Completes when at least <paramref name="count"/> creations are held half-made (see <see cref="HoldCreations"/>).</summary>
    /// <param name="count">How many.</param>
    /// <returns>The signal.</returns>
    public Task WhenCreatesHeld(int count)
    {
        lock (_gate)
        {
            if (_held >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _heldWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    /// <summary>Completes when at least <paramref name="count"/> creations are in progress at once.</summary>
    /// <param name="count">How many.</param>
    /// <returns>The signal.</returns>
    public Task WhenCreatesInProgress(int count)
    {
        lock (_gate)
        {
            if (_inProgress >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inProgressWaiters.Add((count, signal));
            return signal.Task;
        }
    }

    private void OnResourcesChangedLocked()
    {
        var existing = _resources.Select(r => PairIdOf(r.Key, r.Value)).ToHashSet(StringComparer.Ordinal);
        MaxConcurrentPairs = Math.Max(MaxConcurrentPairs, existing.Count);
        foreach (var waiter in _goneWaiters.Where(w => !existing.Contains(w.PairId)).ToList())
        {
            _goneWaiters.Remove(waiter);
            waiter.Signal.TrySetResult();
        }
    }

    private static string PairIdOf(string name, IReadOnlyDictionary<string, string> tags) =>
        tags.TryGetValue(OwnershipTags.Pair, out var id) && !string.IsNullOrWhiteSpace(id) ? id : name;
}
