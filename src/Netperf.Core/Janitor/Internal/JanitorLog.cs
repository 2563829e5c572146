using Microsoft.Extensions.Logging;

namespace Netperf.Core.Janitor.Internal;

/// <summary>The janitor's log lines (event ids 1100-1199).</summary>
internal static partial class JanitorLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Janitor: {Environment}/{PairId}: {Action} ({Reason}): {Detail}")]
    public static partial void Decided(ILogger logger, string environment, string pairId, JanitorAction action, JanitorReason reason, string detail);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Janitor deleted {Environment}/{PairId}")]
    public static partial void Deleted(ILogger logger, string environment, string pairId);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "Janitor could not delete {Environment}/{PairId}")]
    public static partial void DeleteFailed(ILogger logger, string environment, string pairId, Exception exception);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Janitor could not list the pairs of {Environment}; none of them is touched")]
    public static partial void ListFailed(ILogger logger, string environment, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "Run liveness check {Check} failed for run {RunId}; treating its answer as unknown")]
    public static partial void LivenessFailed(ILogger logger, string check, string runId, Exception exception);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Janitor dry run: would delete {Count} pair(s), deleting none")]
    public static partial void DryRun(ILogger logger, int count);
}
