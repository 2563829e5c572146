using Microsoft.Extensions.Logging;

namespace Netperf.Azure.Pairs.Internal;

/// <summary>Source-generated log messages of Netperf.Azure (event ids 7100-7199). Never given a secret.</summary>
internal static partial class AzureLog
{
    [LoggerMessage(7100, LogLevel.Information, "Creating Azure pair {PairId} ({Image}) in {Location}, resource group {ResourceGroup}")]
    public static partial void CreatingPair(ILogger logger, string pairId, string image, string location, string resourceGroup);

    [LoggerMessage(7101, LogLevel.Information, "Pair {PairId}: step {Step} started")]
    public static partial void StepStarted(ILogger logger, string pairId, string step);

    [LoggerMessage(7102, LogLevel.Information, "Pair {PairId}: step {Step} done in {ElapsedMs} ms")]
    public static partial void StepDone(ILogger logger, string pairId, string step, long elapsedMs);

    [LoggerMessage(7103, LogLevel.Debug, "{Step}: still running after {Polls} polls ({ElapsedMs} ms)")]
    public static partial void OperationProgress(ILogger logger, string step, int polls, long elapsedMs);

    [LoggerMessage(7104, LogLevel.Warning, "Pair {PairId}: step {Step} failed ({ErrorCode}); deleting everything of the pair")]
    public static partial void StepFailed(ILogger logger, string pairId, string step, string errorCode, Exception exception);

    [LoggerMessage(7105, LogLevel.Warning, "Pair {PairId}: creation cancelled at step {Step}; deleting everything of the pair")]
    public static partial void CreationCancelled(ILogger logger, string pairId, string step);

    [LoggerMessage(7106, LogLevel.Error, "Pair {PairId}: cleanup failed; the janitor will find its resources by tag")]
    public static partial void CleanupFailed(ILogger logger, string pairId, Exception exception);

    [LoggerMessage(7107, LogLevel.Information, "Pair {PairId} created in {ElapsedMs} ms (client {Client}, peer {Peer})")]
    public static partial void PairCreated(ILogger logger, string pairId, long elapsedMs, string client, string peer);

    [LoggerMessage(7108, LogLevel.Information, "Deleting Azure pair {PairId}")]
    public static partial void DeletingPair(ILogger logger, string pairId);

    [LoggerMessage(7109, LogLevel.Warning, "Resource group {ResourceGroup} is not tagged as pair {PairId}; it was not touched")]
    public static partial void NotOurs(ILogger logger, string resourceGroup, string pairId);

    [LoggerMessage(7110, LogLevel.Debug, "Run command {Name} on {Vm}: {DisplayName}")]
    public static partial void RunCommandStarted(ILogger logger, string name, string vm, string displayName);

    [LoggerMessage(7111, LogLevel.Debug, "Run command {Name} on {Vm} ended: exit {ExitCode}, state {State}, {ElapsedMs} ms")]
    public static partial void RunCommandEnded(ILogger logger, string name, string vm, int exitCode, string state, long elapsedMs);

    [LoggerMessage(7112, LogLevel.Information, "Bootstrap of pair {PairId}: step {Step} {Outcome} in {ElapsedMs} ms")]
    public static partial void BootstrapStep(ILogger logger, string pairId, string step, string outcome, long elapsedMs);

    [LoggerMessage(7113, LogLevel.Warning, "{Step}: ARM throttled the request (HTTP {Status}); throttled, retrying after {Seconds} s (retry {Retry})")]
    public static partial void Throttled(ILogger logger, string step, int status, long seconds, int retry);

    [LoggerMessage(7114, LogLevel.Warning, "{Step}: ARM throttled the request and asked to retry after {Seconds} s, more than the {LeftSeconds} s left of the step's time; giving up")]
    public static partial void ThrottledBeyondTimeout(ILogger logger, string step, long seconds, long leftSeconds);

    [LoggerMessage(7115, LogLevel.Warning, "{Step}: still throttled after {Retries} retries (next wait {Seconds} s); giving up")]
    public static partial void ThrottledGivingUp(ILogger logger, string step, int retries, long seconds);

    [LoggerMessage(7116, LogLevel.Debug, "{Step}: transient answer (HTTP {Status}, {Exception}); retrying in {DelayMs} ms (retry {Retry})")]
    public static partial void TransientRetry(ILogger logger, string step, int status, string exception, long delayMs, int retry);

    [LoggerMessage(7117, LogLevel.Information, "Pair {PairId}: {Resource} is still reserved or in use ({Code}); trying again in {Seconds} s")]
    public static partial void DeleteDeferred(ILogger logger, string pairId, string resource, string code, long seconds);

    [LoggerMessage(7118, LogLevel.Error, "Pair {PairId}: could not delete {Resource} ({Code}); the janitor will find it by its tags")]
    public static partial void DeleteAbandoned(ILogger logger, string pairId, string resource, string code);

    [LoggerMessage(7119, LogLevel.Warning, "Run command {Name} on {Vm}: ARM reported {State} (exit code {ReportedExitCode}) but the script's exit marker is missing")]
    public static partial void RunCommandWithoutMarker(ILogger logger, string name, string vm, string state, int reportedExitCode);
}
