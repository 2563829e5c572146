using Azure.Core;
using Azure.ResourceManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Azure.Bootstrapping;
using Netperf.Azure.Hosting.Internal;
using Netperf.Azure.Pairs;
using Netperf.Core.Hosting;

namespace Netperf.Azure.Hosting;

/// <summary>Adds the Azure environment to Netperf.</summary>
public static class AzureNetperfBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="AzureVmPairProvider"/> (as itself and as an <see cref="Core.Pairs.IVmPairProvider"/>) and
    /// <see cref="AzureRunCommandBootstrapper"/> as the bootstrapper of the <c>azure</c> environment. Options bind from the <c>Netperf:Azure</c> configuration
    /// section when an <see cref="Microsoft.Extensions.Configuration.IConfiguration"/> is registered, then <paramref name="configure"/> runs;
    /// they are validated at start-up. An <see cref="ArmClientOptions"/> or <see cref="TokenCredential"/>
    /// registered in DI is used when the options do not carry one. Calling it twice adds the provider once.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Changes the options in code (for example a credential or client options).</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddAzureVmPairs(this NetperfBuilder builder, Action<AzureOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNetperfOptions<AzureOptions, AzureOptionsValidator>(AzureOptions.SectionName, configure);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AzureVmPairProvider(
            sp.GetRequiredService<IOptions<AzureOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<ArmClientOptions>(),
            sp.GetService<TokenCredential>()));
        builder.AddPairBootstrapper<AzureRunCommandBootstrapper>(AzureVmPairProvider.EnvironmentName);
        return builder.AddVmPairProvider<AzureVmPairProvider>();
    }
}
