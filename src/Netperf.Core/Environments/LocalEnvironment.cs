using Microsoft.Extensions.Configuration;
using Netperf.Core.Hosting;

namespace Netperf.Core.Environments;

/// <summary>
/// The <c>local</c> environment: pairs on this machine, the peer a private sshd on loopback, made ready by the SSH
/// <c>PeerBootstrapper</c>. Always available (it needs no account); configured from <c>Netperf:Local</c> and
/// <c>Netperf:Bootstrap</c>.
/// </summary>
public sealed class LocalEnvironment : INetperfEnvironment
{
    /// <inheritdoc />
    public string Name => Local.LocalVmPairProvider.EnvironmentName;

    /// <inheritdoc />
    public bool SelectedByAuto => true;

    /// <inheritdoc />
    public EnvironmentAvailability CheckAvailability(IConfiguration configuration) =>
        EnvironmentAvailability.Configured("this machine (needs no configuration)");

    /// <inheritdoc />
    public void Register(NetperfBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddLocalVmPairs();
    }
}
