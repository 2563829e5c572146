using Netperf.Core.Deployment.Internal;
using Netperf.Core.Pairs;

namespace Netperf.Core.Deployment;

/// <summary>Where an application folder is on a machine after <see cref="AppDeployer.DeployAsync"/>.</summary>
public sealed record AppDeployment
{
    /// <summary>The folder on the machine that holds the application, in the machine's path syntax.</summary>
    public required string Directory { get; init; }

    /// <summary>
    /// <see langword="true"/> when the files were copied (now or by an earlier deployment of the same content);
    /// <see langword="false"/> when the machine already saw the local folder itself, unchanged, at the same path.
    /// </summary>
    public required bool Copied { get; init; }

    /// <summary>A short id of the folder's content (names, sizes and modification times), which names the copy.</summary>
    public required string ContentId { get; init; }

    /// <summary>The machine's OS family, which decides its path syntax.</summary>
    internal OsFamily OsFamily { get; init; }

    /// <summary>The path of a file of the application on the machine.</summary>
    /// <param name="relativePath">The file's path relative to the application folder, with <c>/</c> separators.</param>
    /// <returns>The file's path on the machine.</returns>
    public string PathOf(string relativePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(relativePath);
        return DeploymentScripts.Join(OsFamily, Directory, OsFamily == OsFamily.Windows ? relativePath.Replace('/', '\\') : relativePath);
    }
}
