using Microsoft.Extensions.Configuration;
using Netperf.Core.Hosting;

namespace Netperf.Core.Environments;

/// <summary>
/// An environment pairs can be made in (<c>local</c>, <c>lab</c>, <c>azure</c>, ...), as a host chooses it: its name,
/// whether it can be used here and now, and how to add it to Netperf. Each environment package brings its own
/// (<see cref="LocalEnvironment"/> here, <c>LabEnvironment</c> in Netperf.Lab, <c>AzureEnvironment</c> in Netperf.Azure);
/// an <see cref="EnvironmentSelector"/> resolves a name or <c>auto</c> over them.
/// </summary>
public interface INetperfEnvironment
{
    /// <summary>The environment's name, as its provider's <c>IVmPairProvider.Environment</c>: <c>local</c>, <c>lab</c>, ...</summary>
    string Name { get; }

    /// <summary>
    /// Whether <c>auto</c> may choose it when it is available. False for environments that cost money or reach
    /// outside this machine's control (Azure): those are used only when asked for by name.
    /// </summary>
    bool SelectedByAuto { get; }

    /// <summary>Whether the environment can be used here, and why (configured, detected, or what is missing).</summary>
    /// <param name="configuration">The host's configuration (<c>Netperf:Lab</c>, <c>Netperf:Azure</c>, ...).</param>
    /// <returns>The availability.</returns>
    EnvironmentAvailability CheckAvailability(IConfiguration configuration);

    /// <summary>Adds the environment's provider (and bootstrapper) to Netperf, configured from <paramref name="configuration"/>.</summary>
    /// <param name="builder">The Netperf builder.</param>
    /// <param name="configuration">The host's configuration.</param>
    void Register(NetperfBuilder builder, IConfiguration configuration);
}
