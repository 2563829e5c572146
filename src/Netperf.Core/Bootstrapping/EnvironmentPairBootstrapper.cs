using Netperf.Core.Pairs;

namespace Netperf.Core.Bootstrapping;

/// <summary>
/// Bootstraps each pair with the bootstrapper of its environment (for example Azure Run Command for
/// <c>azure</c>, the SSH-based <c>PeerBootstrapper</c> for <c>local</c> and <c>lab</c>), falling back to a
/// default. Hosting builds one from bootstrappers registered with
/// <c>AddPairBootstrapper&lt;T&gt;("env")</c> and the unkeyed <see cref="IPairBootstrapper"/>.
/// </summary>
public sealed class EnvironmentPairBootstrapper : IPairBootstrapper
{
    private readonly Dictionary<string, IPairBootstrapper> _byEnvironment;
    private readonly IPairBootstrapper? _fallback;

    /// <summary>Creates the router.</summary>
    /// <param name="byEnvironment">Bootstrappers by environment name (case-insensitive).</param>
    /// <param name="fallback">The bootstrapper for other environments; <see langword="null"/> for none.</param>
    public EnvironmentPairBootstrapper(IReadOnlyDictionary<string, IPairBootstrapper> byEnvironment, IPairBootstrapper? fallback = null)
    {
        ArgumentNullException.ThrowIfNull(byEnvironment);
        _byEnvironment = new Dictionary<string, IPairBootstrapper>(byEnvironment, StringComparer.OrdinalIgnoreCase);
        _fallback = fallback;
    }

    /// <summary>The bootstrapper that serves an environment.</summary>
    /// <param name="environment">The environment.</param>
    /// <returns>The bootstrapper.</returns>
    /// <exception cref="InvalidOperationException">None serves it.</exception>
    public IPairBootstrapper For(string environment) =>
        _byEnvironment.GetValueOrDefault(environment) ?? _fallback
        ?? throw new InvalidOperationException(
            $"No pair bootstrapper serves the environment '{environment}'. Register one for it (AddPairBootstrapper<T>(\"{environment}\")) or a default IPairBootstrapper (for example .AddLocalVmPairs()).");

    /// <inheritdoc />
    public Task<ReadinessReport> BootstrapAsync(VmPair pair, BootstrapRequirements requirements, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return For(pair.Environment).BootstrapAsync(pair, requirements, cancellationToken);
    }
}
