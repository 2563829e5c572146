using Microsoft.Extensions.Logging;
using Netperf.Core.Pairs;

namespace Netperf.Core.Pool.Internal;

/// <summary>The pool's log lines (event ids 1000-1099; stable: dashboards and tests key on them).</summary>
internal static partial class PoolLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Pair {PairId} ({Spec}): {From} -> {To}{Detail}")]
    public static partial void StateChanged(ILogger logger, string pairId, MachineSpec spec, PairState from, PairState to, string detail);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Job {JobId} leased pair {PairId} until {ExpiresAt:O}")]
    public static partial void LeaseGranted(ILogger logger, string jobId, string pairId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Lease of job {JobId} on pair {PairId} expired at {ExpiresAt:O} without a heartbeat; reclaiming the pair")]
    public static partial void LeaseExpired(ILogger logger, string jobId, string pairId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Job {JobId} lost pair {PairId} ({Reason}); reassigning it to a healthy pair of {Spec} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void JobReassigned(ILogger logger, string jobId, string pairId, string reason, MachineSpec spec, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Deleting pair {PairId} in {Environment} failed; the janitor removes it once its netperf-expires tag has passed")]
    public static partial void CleanupFailed(ILogger logger, string pairId, string environment, Exception exception);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Error, Message = "Giving up on {Spec} after {Failures} consecutive provisioning failures; {Waiting} waiting job(s) fail")]
    public static partial void ProvisioningGaveUp(ILogger logger, MachineSpec spec, int failures, int waiting, Exception exception);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Job {JobId} failed on pair {PairId}; the pair stays healthy")]
    public static partial void JobFailed(ILogger logger, string jobId, string pairId, Exception exception);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "Evicting idle pair {PairId} ({Spec}) to make room for {WantedSpec}")]
    public static partial void Evicting(ILogger logger, string pairId, MachineSpec spec, MachineSpec wantedSpec);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Pair pool disposing: deleting {Count} pair(s)")]
    public static partial void Disposing(ILogger logger, int count);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Warning, Message = "Provisioning pair {PairId} ({Spec}) failed at step {Step}")]
    public static partial void ProvisioningFailed(ILogger logger, string pairId, MachineSpec spec, string step, Exception exception);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Pair {PairId} ({Spec}): Requested for job {JobId}")]
    public static partial void Requested(ILogger logger, string pairId, MachineSpec spec, string jobId);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "Pair {PairId}: netperf-expires moved to {ExpiresAt:o} while its leases are renewed")]
    public static partial void ExpiryExtended(ILogger logger, string pairId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1012, Level = LogLevel.Warning, Message = "Pair {PairId}: moving netperf-expires to {ExpiresAt:o} failed; the next heartbeat tries again")]
    public static partial void ExpiryExtendFailed(ILogger logger, string pairId, DateTimeOffset expiresAt, Exception exception);

    [LoggerMessage(EventId = 1013, Level = LogLevel.Warning, Message = "Pair {PairId}: the {Environment} provider cannot move netperf-expires; the janitor may delete the pair after {ExpiresAt:o} while it is in use")]
    public static partial void ExpiryNotStored(ILogger logger, string pairId, string environment, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Pair {PairId}: expired at {ExpiresAt:o} while idle (the janitor may have removed it); deleting it instead of leasing it")]
    public static partial void ExpiredWhileIdle(ILogger logger, string pairId, DateTimeOffset expiresAt);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "The {Environment} provider failed to take the bootstrap report of pair {PairId}")]
    public static partial void ObserverFailed(ILogger logger, string pairId, string environment, Exception exception);
}
