using Microsoft.Extensions.Logging;

namespace Netperf.Lab.Pairs.Internal;

/// <summary>The provider's log messages (event ids 5000-5099).</summary>
internal static partial class LabLog
{
    [LoggerMessage(5000, LogLevel.Information, "Placing pair {PairId} ({Image}) on {ClientHost} and {PeerHost} (link {Link})")]
    public static partial void Placed(ILogger logger, string pairId, string image, string clientHost, string peerHost, string link);

    [LoggerMessage(5001, LogLevel.Information, "Pair {PairId} is up: client {ClientVm} on {ClientHost}, peer {PeerVm} on {PeerHost}")]
    public static partial void Created(ILogger logger, string pairId, string clientVm, string clientHost, string peerVm, string peerHost);

    [LoggerMessage(5002, LogLevel.Warning, "Creating pair {PairId} failed at {Step}; deleting what was made")]
    public static partial void CreateFailed(ILogger logger, Exception exception, string pairId, string step);

    [LoggerMessage(5003, LogLevel.Information, "Deleted pair {PairId} ({Count} VMs)")]
    public static partial void Deleted(ILogger logger, string pairId, int count);

    [LoggerMessage(5004, LogLevel.Warning, "Host {Host} already runs VM {Vm} of another pair; placing elsewhere")]
    public static partial void HostBusy(ILogger logger, string host, string vm);

    [LoggerMessage(5005, LogLevel.Warning, "Could not list VMs on host {Host}")]
    public static partial void ListFailed(ILogger logger, Exception exception, string host);

    [LoggerMessage(5006, LogLevel.Warning, "Deleting VM {Vm} on host {Host} failed")]
    public static partial void DeleteVmFailed(ILogger logger, Exception exception, string vm, string host);

    [LoggerMessage(5007, LogLevel.Information, "Waiting for two free hosts for pair {PairId} ({Image}): {Why}")]
    public static partial void Waiting(ILogger logger, string pairId, string image, string why);
}
