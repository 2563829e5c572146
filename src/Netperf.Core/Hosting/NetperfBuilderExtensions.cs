using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Janitor;
using Netperf.Core.Pairs;
using Netperf.Core.Scheduling;

namespace Netperf.Core.Hosting;

/// <summary>Adds the pool, the janitor, providers and liveness checks to a <see cref="NetperfBuilder"/>.</summary>
public static class NetperfBuilderExtensions
{
    /// <summary>
    /// Registers a pair provider for its environment (environment packages call this from their
    /// <c>AddXxxVmPairs()</c>). Registering the same provider type twice is harmless.
    /// </summary>
    /// <typeparam name="TProvider">The provider type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddVmPairProvider<TProvider>(this NetperfBuilder builder)
        where TProvider : class, IVmPairProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<TProvider>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IVmPairProvider, TProvider>(sp => sp.GetRequiredService<TProvider>()));
        return builder;
    }

    /// <summary>Registers a run liveness check the janitor asks before deleting an unexpired pair.</summary>
    /// <typeparam name="TCheck">The check type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddRunLivenessCheck<TCheck>(this NetperfBuilder builder)
        where TCheck : class, IRunLivenessCheck
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IRunLivenessCheck, TCheck>());
        return builder;
    }

    /// <summary>
    /// Registers the <see cref="PairPool"/> (a singleton disposed with the host, which deletes its pairs),
    /// with <see cref="PairPoolOptions"/> bound from <c>Netperf:Pool</c> and validated at start-up.
    /// Needs an <see cref="IPairBootstrapper"/> (for example from <c>.AddLocalVmPairs()</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddPairPool(this NetperfBuilder builder, Action<PairPoolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<PairPoolOptions>()
            .Configure<IServiceProvider>((o, sp) => Bind(sp, PairPoolOptions.SectionName, o))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PairPoolOptions>, PairPoolOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new PairPool(
            sp.GetRequiredService<VmPairProviderCatalog>(),
            GetBootstrapper(sp),
            sp.GetRequiredService<IOptions<PairPoolOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return builder;
    }

    /// <summary>
    /// Registers the <see cref="PairJanitor"/>, with <see cref="JanitorOptions"/> bound from
    /// <c>Netperf:Janitor</c> and validated at start-up.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddJanitor(this NetperfBuilder builder, Action<JanitorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<JanitorOptions>()
            .Configure<IServiceProvider>((o, sp) => Bind(sp, JanitorOptions.SectionName, o))
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JanitorOptions>, JanitorOptionsValidator>());
        builder.Services.TryAddSingleton(sp => new PairJanitor(
            sp.GetRequiredService<VmPairProviderCatalog>(),
            sp.GetServices<IRunLivenessCheck>(),
            sp.GetRequiredService<IOptions<JanitorOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<PairJanitor>>()));
        return builder;
    }

    /// <summary>
    /// Registers the bootstrapper of one environment (for example Azure Run Command for <c>azure</c>); pairs of
    /// other environments use the default <see cref="IPairBootstrapper"/>.
    /// </summary>
    /// <typeparam name="TBootstrapper">The bootstrapper type.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="environment">The environment it serves, spelled as its provider's <see cref="IVmPairProvider.Environment"/>.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddPairBootstrapper<TBootstrapper>(this NetperfBuilder builder, string environment)
        where TBootstrapper : class, IPairBootstrapper
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        builder.Services.TryAddSingleton<TBootstrapper>();
        builder.Services.TryAddKeyedSingleton<IPairBootstrapper>(environment, (sp, _) => sp.GetRequiredService<TBootstrapper>());
        return builder;
    }

    /// <summary>The bootstrapper the pool and provisioner use: per environment where registered, else the default.</summary>
    internal static IPairBootstrapper GetBootstrapper(IServiceProvider services)
    {
        var fallback = services.GetService<IPairBootstrapper>();
        var byEnvironment = new Dictionary<string, IPairBootstrapper>(StringComparer.OrdinalIgnoreCase);
        foreach (var environment in services.GetRequiredService<VmPairProviderCatalog>().Environments)
        {
            if (services.GetKeyedService<IPairBootstrapper>(environment) is { } keyed)
            {
                byEnvironment[environment] = keyed;
            }
        }

        return fallback is null && byEnvironment.Count == 0
            ? throw new InvalidOperationException(
                "No IPairBootstrapper is registered, so pairs cannot be proven ready. Add an environment that brings one " +
                "(for example AddNetperf().AddLocalVmPairs()) or register an IPairBootstrapper.")
            : new EnvironmentPairBootstrapper(byEnvironment, fallback);
    }

    private static void Bind(IServiceProvider services, string section, object options)
    {
        // Configuration is optional: a host without IConfiguration keeps the documented defaults.
        services.GetService<IConfiguration>()?.GetSection(section).Bind(options);
    }
}
