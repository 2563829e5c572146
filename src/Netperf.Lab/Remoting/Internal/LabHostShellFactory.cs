using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Remoting.Internal;

/// <summary>The default factory: <see cref="LabHostAccessKind.Local"/> runs local processes, <see cref="LabHostAccessKind.Ssh"/> the OpenSSH client.</summary>
internal sealed class LabHostShellFactory(TimeProvider time) : ILabHostShellFactory
{
    public IRemoteShell Create(LabHostOptions host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return host.Access.Kind == LabHostAccessKind.Local ? new LocalHostShell(time) : new SshHostShell(host, time);
    }
}
