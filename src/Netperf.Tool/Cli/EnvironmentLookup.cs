using Netperf.Core.Pairs;

namespace Netperf.Tool.Cli;

/// <summary>Finds the provider of an <c>--env</c>; an unknown one is a usage error naming the registered ones.</summary>
internal static class EnvironmentLookup
{
    /// <summary>
    /// The provider of <paramref name="spec"/>'s environment, when it can make the spec (<see cref="IVmPairProvider.CheckSpec"/>:
    /// an OS or architecture it does not run, an image it does not have): checked before anything is made.
    /// </summary>
    /// <exception cref="UsageException">No provider serves the environment, or it cannot make the spec.</exception>
    public static IVmPairProvider Get(VmPairProviderCatalog catalog, MachineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var provider = Get(catalog, spec.Environment);
        return provider.CheckSpec(spec) is { } why
            ? throw new UsageException($"{why}; nothing was created.")
            : provider;
    }

    /// <summary>The provider of <paramref name="environment"/>.</summary>
    /// <exception cref="UsageException">No provider serves it.</exception>
    public static IVmPairProvider Get(VmPairProviderCatalog catalog, string environment)
    {
        if (catalog.TryGet(environment, out var provider))
        {
            return provider;
        }

        var registered = catalog.Environments.Count == 0 ? "none" : string.Join(", ", catalog.Environments);
        throw new UsageException(
            $"unknown environment '{environment}'; registered: {registered} " +
            "(azure needs Netperf:Azure:SubscriptionId; lab needs Netperf:Lab:InventoryFile, Netperf:Lab:Hosts or Netperf:Lab:SingleMachine=true).");
    }
}
