namespace Netperf.Core.Pairs;

/// <summary>The registered pair providers, one per environment.</summary>
public sealed class VmPairProviderCatalog
{
    private readonly Dictionary<string, IVmPairProvider> _providers;

    /// <summary>Creates the catalog.</summary>
    /// <param name="providers">The providers; at most one per environment.</param>
    /// <exception cref="InvalidOperationException">Two providers serve the same environment.</exception>
    public VmPairProviderCatalog(IEnumerable<IVmPairProvider> providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        _providers = new Dictionary<string, IVmPairProvider>(StringComparer.OrdinalIgnoreCase);
        foreach (var provider in providers)
        {
            if (!_providers.TryAdd(provider.Environment, provider) && !ReferenceEquals(_providers[provider.Environment], provider))
            {
                throw new InvalidOperationException(
                    $"Two pair providers serve the environment '{provider.Environment}' ({_providers[provider.Environment].GetType().Name} and {provider.GetType().Name}); register each environment once.");
            }
        }
    }

    /// <summary>The environments served, sorted.</summary>
    public IReadOnlyList<string> Environments => _providers.Keys.Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Every provider, in environment order.</summary>
    public IReadOnlyList<IVmPairProvider> Providers => Environments.Select(e => _providers[e]).ToList();

    /// <summary>Finds the provider of an environment.</summary>
    /// <param name="environment">The environment, such as <c>local</c>.</param>
    /// <param name="provider">The provider, when found.</param>
    /// <returns><see langword="true"/> when one is registered.</returns>
    public bool TryGet(string environment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IVmPairProvider? provider) =>
        _providers.TryGetValue(environment ?? string.Empty, out provider);

    /// <summary>Gets the provider of an environment.</summary>
    /// <param name="environment">The environment, such as <c>local</c>.</param>
    /// <returns>The provider.</returns>
    /// <exception cref="InvalidOperationException">No provider serves <paramref name="environment"/>; the message lists those that do.</exception>
    public IVmPairProvider Get(string environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        return TryGet(environment, out var provider)
            ? provider
            : throw new InvalidOperationException(
                $"No pair provider serves the environment '{environment}'. Registered: {(_providers.Count == 0 ? "none" : string.Join(", ", Environments))}. " +
                "Add it to AddNetperf() (for example .AddLocalVmPairs()) or use a registered environment.");
    }
}
