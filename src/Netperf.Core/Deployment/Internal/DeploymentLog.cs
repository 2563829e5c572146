using Microsoft.Extensions.Logging;

namespace Netperf.Core.Deployment.Internal;

internal static partial class DeploymentLog
{
    [LoggerMessage(1400, LogLevel.Information, "{Machine}: uses the application folder {Folder} in place (it sees the same files)")]
    public static partial void InPlace(ILogger logger, string machine, string folder);

    [LoggerMessage(1401, LogLevel.Information, "{Machine}: application {ContentId} is already deployed at {Folder}")]
    public static partial void AlreadyDeployed(ILogger logger, string machine, string contentId, string folder);

    [LoggerMessage(1402, LogLevel.Information, "{Machine}: deployed application {ContentId} ({Bytes} bytes compressed) to {Folder} in {Duration}")]
    public static partial void Deployed(ILogger logger, string machine, string contentId, long bytes, string folder, TimeSpan duration);
}
