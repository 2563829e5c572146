using Microsoft.Extensions.Configuration;
using Netperf.Core.Hosting;

namespace Netperf.Samples.Pairs.Environments;

/// <summary>
/// The <c>local</c> environment: pairs on this machine, the peer a private sshd on loopback.
/// Always registered (it needs no account); configured from <c>Netperf:Local</c>.
/// </summary>
internal static class LocalEnvironment
{
    public static void Register(NetperfBuilder netperf, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(netperf);
        ArgumentNullException.ThrowIfNull(configuration);

        // Connected when the local provider lands on main: netperf.AddLocalVmPairs();
        // Until then 'local' is not registered and commands say which environments are.
    }
}
