using Microsoft.Extensions.Logging;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>Log messages of the bootstrapper (event ids 1200-1299). No key material ever reaches them.</summary>
internal static partial class BootstrapLog
{
    [LoggerMessage(1200, LogLevel.Information, "Pair {PairId}: step {Step} {Outcome} in {Duration}: {Detail}")]
    public static partial void StepEnded(ILogger logger, string pairId, string step, string outcome, TimeSpan duration, string detail);

    [LoggerMessage(1201, LogLevel.Information, "Pair {PairId} is ready over {Transport} (proof passed in {Duration})")]
    public static partial void Ready(ILogger logger, string pairId, string transport, TimeSpan duration);

    [LoggerMessage(1202, LogLevel.Warning, "Pair {PairId} is NOT ready: step {Step} failed: {Detail}")]
    public static partial void NotReady(ILogger logger, string pairId, string step, string detail);
}
