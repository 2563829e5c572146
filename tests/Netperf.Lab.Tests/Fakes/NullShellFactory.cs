using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;
using Netperf.Lab.Remoting;

namespace Netperf.Lab.Tests.Fakes;

/// <summary>Hands out shells that fail if used: the in-memory hypervisor never touches them.</summary>
internal sealed class NullShellFactory : ILabHostShellFactory
{
    public IRemoteShell Create(LabHostOptions host) => new ScriptedHostShell();
}
