using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Remoting;

/// <summary>Opens a session to a lab host, as its inventory entry says. Replace it to reach hosts another way.</summary>
public interface ILabHostShellFactory
{
    /// <summary>Opens a shell to the host; the caller disposes it.</summary>
    /// <param name="host">The host.</param>
    /// <returns>A shell that runs commands on the host.</returns>
    IRemoteShell Create(LabHostOptions host);
}
