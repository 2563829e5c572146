using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Hosting.Internal;
using Netperf.Core.Janitor;
using Netperf.Core.Janitor.Internal;
using Netperf.Core.Pairs;
using Netperf.Core.Pool;
using Netperf.Core.Pool.Internal;
using Netperf.Core.Runs;
using Netperf.Core.Runs.Internal;

namespace Netperf.Core.Hosting;

/// <summary>
/// Adds the pool, the janitor, providers, bootstrappers and liveness checks to a <see cref="NetperfBuilder"/>, and
/// the one way every Netperf package registers its options (<see cref="AddNetperfOptions{TOptions, TValidator}"/>).
/// Every method may be called more than once: each service is added once (<c>TryAdd</c>).
/// </summary>
public static class NetperfBuilderExtensions
{
    /// <summary>
    /// Registers options the way every Netperf package does: bound from a configuration section (of
    /// <paramref name="configuration"/> when given, else of the host's <see cref="IConfiguration"/> when one is registered;
    /// without either the documented defaults stay), then changed by <paramref name="configure"/>, and validated at
    /// start-up (<c>ValidateOnStart</c>) by <typeparamref name="TValidator"/>, whose messages name the setting and the fix.
    /// Calling it again for the same options binds once and adds only the new <paramref name="configure"/>.
    /// </summary>
    /// <typeparam name="TOptions">The options type.</typeparam>
    /// <typeparam name="TValidator">Its validator.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="sectionName">The configuration section, such as <c>Netperf:Local</c>.</param>
    /// <param name="configure">Changes applied after the section is bound, or <see langword="null"/>.</param>
    /// <param name="configuration">The configuration to read instead of the host's, or <see langword="null"/>.</param>
    /// <returns>The options builder, for further configuration.</returns>
    public static OptionsBuilder<TOptions> AddNetperfOptions<TOptions, TValidator>(
        this NetperfBuilder builder, string sectionName, Action<TOptions>? configure = null, IConfiguration? configuration = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(sectionName);
        var services = builder.Services;
        var options = services.AddOptions<TOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<TOptions>, ConfigurationSectionBinding<TOptions>>(
            sp => new ConfigurationSectionBinding<TOptions>((configuration ?? sp.GetService<IConfiguration>())?.GetSection(sectionName))));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return options.ValidateOnStart();
    }

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
    /// Registers the <see cref="PairPool"/> (a singleton disposed with the host, which deletes its pairs) over the
    /// registered <see cref="PairProvisioner"/>, with <see cref="PairPoolOptions"/> bound from <c>Netperf:Pool</c> and
    /// validated at start-up. Needs an <see cref="IPairBootstrapper"/> (for example from <c>.AddLocalVmPairs()</c>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddPairPool(this NetperfBuilder builder, Action<PairPoolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNetperfOptions<PairPoolOptions, PairPoolOptionsValidator>(PairPoolOptions.SectionName, configure);
        builder.Services.TryAddSingleton(sp => new PairPool(
            sp.GetRequiredService<PairProvisioner>(),
            sp.GetRequiredService<IOptions<PairPoolOptions>>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()));
        return builder;
    }

    /// <summary>
    /// Registers the <see cref="RunPlanner"/> (a job matrix provisioned as a whole, torn down as a whole, or run without
    /// GitHub) and its <see cref="RunPlanStore"/>, with <see cref="RunPlanOptions"/> bound from <c>Netperf:Runs</c> and
    /// validated at start-up. The pool's caps and parallelism come from <c>Netperf:Pool</c> (<see cref="AddPairPool"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes applied after configuration binding.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddRunPlans(this NetperfBuilder builder, Action<RunPlanOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPairPool();
        builder.AddNetperfOptions<RunPlanOptions, RunPlanOptionsValidator>(RunPlanOptions.SectionName, configure);
        builder.Services.TryAddSingleton<RunPlanStore>();
        builder.Services.TryAddSingleton(sp => new RunPlanner(
            sp.GetRequiredService<VmPairProviderCatalog>(),
            sp.GetRequiredService<PairProvisioner>(),
            sp.GetRequiredService<RunPlanStore>(),
            sp.GetRequiredService<IOptions<RunPlanOptions>>(),
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
        builder.AddNetperfOptions<JanitorOptions, JanitorOptionsValidator>(JanitorOptions.SectionName, configure);
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

    /// <summary>The bootstrapper the provisioner uses: per environment where registered, else the default.</summary>
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
}
