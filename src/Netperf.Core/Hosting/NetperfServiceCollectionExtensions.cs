using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Netperf.Core.Hosting;

/// <summary>Registers Netperf's core services.</summary>
public static class NetperfServiceCollectionExtensions
{
    /// <summary>
    /// Adds Netperf's core services (time, logging, options) and returns a builder to which
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
        return new NetperfBuilder(services);
    }
}
