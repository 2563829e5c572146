using Microsoft.Extensions.Logging;

namespace Netperf.Results;

/// <summary>The results package's log messages (event ids 1700-1799).</summary>
internal static partial class ResultsLog
{
    [LoggerMessage(1701, LogLevel.Information, "Ingested into {Store}: {RunsAdded} runs added, {RunsPresent} already present, {PointsAdded} points added, {Skipped} files skipped")]
    public static partial void Ingested(ILogger logger, string store, int runsAdded, int runsPresent, int pointsAdded, int skipped);

    [LoggerMessage(1702, LogLevel.Information, "Imported {Rows} CSV rows from {Source} into {Store}: {PointsAdded} points added, {PointsPresent} already present")]
    public static partial void Imported(ILogger logger, int rows, string source, string store, int pointsAdded, int pointsPresent);

    [LoggerMessage(1703, LogLevel.Information, "Checked {Series} series in {Store} in {Milliseconds} ms: {Confirmed} confirmed, {Suspected} suspected")]
    public static partial void Checked(ILogger logger, int series, string store, long milliseconds, int confirmed, int suspected);
}
