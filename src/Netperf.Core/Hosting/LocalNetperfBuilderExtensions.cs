using Microsoft.Extensions.DependencyInjection.Extensions;
using Netperf.Core.Bootstrapping;
using Netperf.Core.Bootstrapping.Internal;
using Netperf.Core.Local;
using Netperf.Core.Local.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Core.Hosting;

/// <summary>Adds the <c>local</c> environment and the <see cref="PeerBootstrapper"/> to Netperf.</summary>
public static class LocalNetperfBuilderExtensions
{
    /// <summary>
    /// Adds the <c>local</c> environment (<see cref="LocalVmPairProvider"/>, also as an <see cref="IVmPairProvider"/>),
    /// with <see cref="LocalOptions"/> bound from <c>Netperf:Local</c> and validated at start, and the
    /// <see cref="PeerBootstrapper"/> (see <see cref="AddPeerBootstrapper"/>). Calling it twice is harmless.
    /// </summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configure">Changes the options after configuration is bound.</param>
    /// <returns>The builder.</returns>
    public static NetperfBuilder AddLocalVmPairs(this NetperfBuilder builder, Action<LocalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddNetperfOptions<LocalOptions, LocalOptionsValidator>(LocalOptions.SectionName, configure);
        return builder.AddVmPairProvider<LocalVmPairProvider>().AddPeerBootstrapper();
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
        builder.AddNetperfOptions<PeerBootstrapperOptions, PeerBootstrapperOptionsValidator>(PeerBootstrapperOptions.SectionName, configure);
        builder.Services.TryAddSingleton<IPairBootstrapper, PeerBootstrapper>();
        return builder;
    }
}
