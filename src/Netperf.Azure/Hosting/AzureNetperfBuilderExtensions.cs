using Azure.Core;
using Azure.ResourceManager;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Azure.Bootstrapping;
using Netperf.Azure.Hosting.Internal;
using Netperf.Azure.Pairs;
using Netperf.Core.Hosting;
using Netperf.Core.Pairs;

namespace Netperf.Azure.Hosting;

/// <summary>Adds the Azure environment to Netperf.</summary>
public static class AzureNetperfBuilderExtensions
{
    /// <summary>
    /// Adds <see cref="AzureVmPairProvider"/> (as itself and as an <see cref="IVmPairProvider"/>) and
    /// <see cref="AzureRunCommandBootstrapper"/> as the bootstrapper of the <c>azure</c> environment. Options bind from the <c>Netperf:Azure</c> configuration
    /// section when an <see cref="IConfiguration"/> is registered, then <paramref name="configure"/> runs;
    /// they are validated at start-up. An <see cref="ArmClientOptions"/> or <see cref="TokenCredential"/>
    /// registered in DI is used when the options do not carry one. Calling it twice adds the provider once.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Changes the options in code (for example a credential or client options).</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddAzureVmPairs(this NetperfBuilder builder, Action<AzureVmPairOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<AzureVmPairOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AzureVmPairOptions>, AzureVmPairOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<AzureVmPairOptions>, BindAzureSection>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(AzureVmPairProvider)))
        {
            return builder;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new AzureVmPairProvider(
            sp.GetRequiredService<IOptions<AzureVmPairOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetService<ArmClientOptions>(),
            sp.GetService<TokenCredential>()));
        services.AddSingleton<IVmPairProvider>(sp => sp.GetRequiredService<AzureVmPairProvider>());
        builder.AddPairBootstrapper<AzureRunCommandBootstrapper>(AzureVmPairProvider.EnvironmentName);
        return builder;
    }

    private sealed class BindAzureSection(IServiceProvider services) : IConfigureOptions<AzureVmPairOptions>
    {
        public void Configure(AzureVmPairOptions options) =>
            services.GetService<IConfiguration>()?.GetSection(AzureVmPairOptions.SectionName).Bind(options);
    }
}
