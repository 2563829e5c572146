using Microsoft.Extensions.DependencyInjection;

namespace Netperf.Core.Hosting;

/// <summary>
/// Returned by <see cref="NetperfServiceCollectionExtensions.AddNetperf"/>; environment packages add
/// their providers to it (<c>.AddLocalVmPairs()</c>, <c>.AddAzureVmPairs()</c>, <c>.AddLabVmPairs()</c>).
/// </summary>
public sealed class NetperfBuilder
{
    /// <summary>Creates the builder over a service collection.</summary>
    /// <param name="services">The application's services.</param>
    public NetperfBuilder(IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        Services = services;
    }

    /// <summary>The application's services.</summary>
    public IServiceCollection Services { get; }
}
