using Netperf.Core.Remoting;

namespace Netperf.Core.Pairs;

/// <summary>One machine of a pair: how it is named, where it is reached, and a remote session to it.</summary>
public sealed record Machine
{
    /// <summary>The machine's name as the provider made it (VM name, namespace name, host name).</summary>
    public required string Name { get; init; }

    /// <summary>The addresses at which the other machine of the pair reaches this one (first is preferred).</summary>
    public required IReadOnlyList<string> Addresses { get; init; }

    /// <summary>The machine's OS family.</summary>
    public required OsFamily OsFamily { get; init; }

    /// <summary>A session that runs commands on this machine from the orchestrator.</summary>
    public required IRemoteShell Shell { get; init; }
}
