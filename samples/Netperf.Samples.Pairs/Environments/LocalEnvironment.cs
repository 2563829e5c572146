using Microsoft.Extensions.Configuration;
using Netperf.Core.Hosting;
using Netperf.Core.Local;

namespace Netperf.Samples.Pairs.Environments;

/// <summary>
/// The <c>local</c> environment: pairs on this machine, the peer a private sshd on loopback, made
/// ready by the SSH <c>PeerBootstrapper</c>. Always registered (it needs no account); configured
/// from <c>Netperf:Local</c> and <c>Netperf:Bootstrap</c>.
/// </summary>
internal static class LocalEnvironment
{
    public static void Register(NetperfBuilder netperf, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(netperf);
        ArgumentNullException.ThrowIfNull(configuration);
        netperf.AddLocalVmPairs();
    }
}
