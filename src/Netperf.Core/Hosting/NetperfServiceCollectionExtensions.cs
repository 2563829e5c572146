using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;

namespace Netperf.Core.Hosting;

/// <summary>Registers Netperf's core services.</summary>
public static class NetperfServiceCollectionExtensions
{
    /// <summary>
    /// Adds Netperf's core services (time, logging, options, the provider catalog and the pair provisioner) and returns a builder to which
    /// environments add their pair providers. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <returns>A builder for environments.</returns>
    public static NetperfBuilder AddNetperf(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.AddOptions();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new VmPairProviderCatalog(sp.GetServices<IVmPairProvider>()));
        services.TryAddSingleton(sp => new PairProvisioner(
            sp.GetRequiredService<VmPairProviderCatalog>(),
            NetperfBuilderExtensions.GetBootstrapper(sp),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<PairProvisioner>>()));
        return new NetperfBuilder(services);
    }
}
