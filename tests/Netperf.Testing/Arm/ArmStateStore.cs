namespace Netperf.Testing.Arm;

/// <summary>
/// What exists in the fake ARM: resource groups and the resources inside them, keyed by
/// lower-cased id. Tests read it to assert "nothing left" and seed it with pre-existing resources.
/// </summary>
public sealed class ArmStateStore
{
    private readonly Dictionary<string, ArmResource> _resources = new(StringComparer.OrdinalIgnoreCase);
    private readonly TimeProvider _timeProvider;
    private readonly System.Collections.Concurrent.ConcurrentQueue<Action> _deferred = new();

    internal ArmStateStore(string subscriptionId, TimeProvider timeProvider)
    {
        SubscriptionId = subscriptionId;
        _timeProvider = timeProvider;
    }

    /// <summary>The one subscription the fake serves.</summary>
    public string SubscriptionId { get; }

    internal object Gate { get; } = new();

    /// <summary>Every resource that exists now (resource groups included), as a copy.</summary>
    public IReadOnlyList<ArmResource> Snapshot()
    {
        lock (Gate)
        {
            return [.. _resources.Values.OrderBy(r => r.Id, StringComparer.OrdinalIgnoreCase)];
        }
    }

    /// <summary>The resource groups that exist now.</summary>
    public IReadOnlyList<ArmResource> ResourceGroups => [.. Snapshot().Where(r => r.IsResourceGroup)];

    /// <summary>Every resource that is not a resource group.</summary>
    public IReadOnlyList<ArmResource> NonGroupResources => [.. Snapshot().Where(r => !r.IsResourceGroup)];

    /// <summary>Finds a resource by id (case-insensitive).</summary>
    /// <param name="id">The ARM id.</param>
    /// <returns>The resource or <see langword="null"/>.</returns>
    public ArmResource? Find(string id)
    {
        lock (Gate)
        {
            return _resources.GetValueOrDefault(id.TrimEnd('/'));
        }
    }

    /// <summary>Creates a resource group directly, as if someone else had made it (for janitor tests).</summary>
    /// <param name="name">The group name.</param>
    /// <param name="location">The region.</param>
    /// <param name="tags">Its tags; none makes an untagged group.</param>
    /// <returns>The new group.</returns>
    public ArmResource SeedResourceGroup(string name, string location = "eastus", IReadOnlyDictionary<string, string>? tags = null)
    {
        var group = new ArmResource(GroupId(name), ArmTypes.ResourceGroup, name, location)
        {
            CreatedAt = _timeProvider.GetUtcNow(),
            Tags = new Dictionary<string, string>(tags ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase),
        };
        group.ProvisioningState = "Succeeded";
        lock (Gate)
        {
            _resources[group.Id] = group;
        }

        return group;
    }

    internal string GroupId(string name) => $"/subscriptions/{SubscriptionId}/resourceGroups/{name}";

    internal ArmResource? FindGroup(string name) => Find(GroupId(name));

    internal ArmResource? FindUnlocked(string id) => _resources.GetValueOrDefault(id);

    internal void AddUnlocked(ArmResource resource)
    {
        resource.CreatedAt = _timeProvider.GetUtcNow();
        _resources[resource.Id] = resource;
    }

    internal bool RemoveUnlocked(string id) => _resources.Remove(id);

    /// <summary>Queues work that must not run under <see cref="Gate"/> (a guest's VM removal); <see cref="RunDeferred"/> runs it.</summary>
    internal void DeferUnlocked(Action action) => _deferred.Enqueue(action);

    /// <summary>Runs the queued work, outside <see cref="Gate"/>, on the caller's thread.</summary>
    internal void RunDeferred()
    {
        while (_deferred.TryDequeue(out var action))
        {
            action();
        }
    }

    internal IEnumerable<ArmResource> AllUnlocked => _resources.Values;

    /// <summary>Resources whose id starts with <paramref name="prefix"/> + "/" (children and the group's contents).</summary>
    internal List<ArmResource> UnderUnlocked(string prefix) =>
        [.. _resources.Values.Where(r => r.Id.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase))];
}
