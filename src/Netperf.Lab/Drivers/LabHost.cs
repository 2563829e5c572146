using Netperf.Core.Remoting;
using Netperf.Lab.Inventory;

namespace Netperf.Lab.Drivers;

/// <summary>A host as a driver sees it: its inventory entry and an open session to it.</summary>
/// <param name="Options">The host's inventory entry.</param>
/// <param name="Shell">A session to the host (POSIX sh on Linux hosts, PowerShell on Hyper-V hosts).</param>
public sealed record LabHost(LabHostOptions Options, IRemoteShell Shell)
{
    /// <summary>The host's name.</summary>
    public string Name => Options.Name;
}
