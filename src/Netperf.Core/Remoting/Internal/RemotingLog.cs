using Microsoft.Extensions.Logging;

namespace Netperf.Core.Remoting.Internal;

/// <summary>Log messages of the remote shells (event ids 1100-1199). Every argument is already redacted.</summary>
internal static partial class RemotingLog
{
    [LoggerMessage(1100, LogLevel.Debug, "{Shell}: running '{Command}' (timeout {Timeout})")]
    public static partial void CommandStarting(ILogger logger, string shell, string command, TimeSpan timeout);

    [LoggerMessage(1101, LogLevel.Debug, "{Shell}: '{Command}' exited with {ExitCode} after {Duration}")]
    public static partial void CommandCompleted(ILogger logger, string shell, string command, int exitCode, TimeSpan duration);

    [LoggerMessage(1102, LogLevel.Warning, "{Shell}: '{Command}' timed out after {Timeout}; it was stopped")]
    public static partial void CommandTimedOut(ILogger logger, string shell, string command, TimeSpan timeout);

    [LoggerMessage(1103, LogLevel.Information, "{Shell}: '{Command}' was cancelled; it was stopped")]
    public static partial void CommandCancelled(ILogger logger, string shell, string command);

    [LoggerMessage(1104, LogLevel.Warning, "{Shell}: an output callback of '{Command}' threw; the line was dropped")]
    public static partial void CallbackFailed(ILogger logger, string shell, string command, Exception exception);

    [LoggerMessage(1105, LogLevel.Warning, "{Shell}: could not stop the remote side of '{Command}': {Reason}")]
    public static partial void RemoteStopFailed(ILogger logger, string shell, string command, string reason);

    [LoggerMessage(1106, LogLevel.Debug, "{Shell}: copying '{Source}' to '{Destination}'")]
    public static partial void Copying(ILogger logger, string shell, string source, string destination);

    [LoggerMessage(1107, LogLevel.Debug, "{Shell}: closing the connection master")]
    public static partial void ClosingMaster(ILogger logger, string shell);
}
