using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting;
using Netperf.Core.Local.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Core.Local;

/// <summary>Adds the <c>local</c> environment and the <see cref="PeerBootstrapper"/> to Netperf.</summary>
public static class LocalNetperfBuilderExtensions
{
    /// <summary>
    /// Adds the <c>local</c> environment (<see cref="LocalVmPairProvider"/>, also as an <see cref="IVmPairProvider"/>),
    /// with <see cref="LocalPairOptions"/> bound from <c>Netperf:Local</c> and validated at start, and the
    /// <see cref="PeerBootstrapper"/> (see <see cref="AddPeerBootstrapper"/>). Calling it twice is harmless.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Changes the options after configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddLocalVmPairs(this NetperfBuilder builder, Action<LocalPairOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<LocalPairOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(LocalPairOptions.SectionName).Bind(options))
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LocalPairOptions>, LocalPairOptionsValidator>());
        if (!services.Any(d => d.ServiceType == typeof(LocalVmPairProvider)))
        {
            services.AddSingleton<LocalVmPairProvider>();
            services.AddSingleton<IVmPairProvider>(provider => provider.GetRequiredService<LocalVmPairProvider>());
        }

        return builder.AddPeerBootstrapper();
    }

    /// <summary>
    /// Adds the <see cref="PeerBootstrapper"/> as the <see cref="IPairBootstrapper"/> (unless one is registered), with
    /// <see cref="PeerBootstrapperOptions"/> bound from <c>Netperf:Bootstrap</c> and validated at start.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Changes the options after configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddPeerBootstrapper(this NetperfBuilder builder, Action<PeerBootstrapperOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<PeerBootstrapperOptions>()
            .Configure<IServiceProvider>((options, provider) => provider.GetService<IConfiguration>()?.GetSection(PeerBootstrapperOptions.SectionName).Bind(options))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<IPairBootstrapper, PeerBootstrapper>();
        return builder;
    }
}
