using Microsoft.Extensions.Logging;

namespace Netperf.Core.Local.Internal;

/// <summary>Log messages of the local environment (event ids 1300-1399).</summary>
internal static partial class LocalLog
{
    [LoggerMessage(1300, LogLevel.Information, "Private sshd {Pid} listening on {Address}:{Port} (folder {Folder})")]
    public static partial void SshdStarted(ILogger logger, int pid, string address, int port, string folder);

    [LoggerMessage(1301, LogLevel.Warning, "Private sshd on port {Port} did not start (attempt {Attempt}): {Reason}")]
    public static partial void SshdStartFailed(ILogger logger, int port, int attempt, string reason);

    [LoggerMessage(1302, LogLevel.Information, "Private sshd {Pid} and its {Sessions} session processes stopped (port {Port} closed)")]
    public static partial void SshdStopped(ILogger logger, int pid, int sessions, int port);

    [LoggerMessage(1303, LogLevel.Information, "Local pair {PairId} created: peer {Peer} ({Transport})")]
    public static partial void PairCreated(ILogger logger, string pairId, string peer, string transport);

    [LoggerMessage(1304, LogLevel.Warning, "Local pair {PairId} failed at step {Step}; removing what was made")]
    public static partial void PairCreateFailed(ILogger logger, string pairId, string step, Exception exception);

    [LoggerMessage(1305, LogLevel.Information, "Local pair {PairId} deleted")]
    public static partial void PairDeleted(ILogger logger, string pairId);

    [LoggerMessage(1306, LogLevel.Warning, "No sshd binary found; local pair {PairId} uses local-process sessions (install openssh-server for real SSH)")]
    public static partial void NoSshd(ILogger logger, string pairId);

    [LoggerMessage(1307, LogLevel.Warning, "Ignoring unreadable local pair state file {Path}: {Reason}")]
    public static partial void BadStateFile(ILogger logger, string path, string reason);

    [LoggerMessage(1308, LogLevel.Warning, "Local pair {PairId}: its record names process {Process} as its sshd, which it is not; that process was left running")]
    public static partial void ForeignProcess(ILogger logger, string pairId, string process);

    [LoggerMessage(1309, LogLevel.Warning, "Local pair {PairId}: stopping sshd {Pid}, launched for it but never recorded (a create was killed)")]
    public static partial void UnrecordedSshd(ILogger logger, string pairId, int pid);

    [LoggerMessage(1310, LogLevel.Information, "Removed {Remnant}, left by a process that is gone")]
    public static partial void RemnantDeleted(ILogger logger, string remnant);
}
