namespace Netperf.Core.Remoting.Internal;

/// <summary>What kind of entry a path names (see <see cref="UnixFileStatus"/>).</summary>
internal enum UnixFileKind
{
    /// <summary>A regular file.</summary>
    File,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A symbolic link (not followed).</summary>
    SymbolicLink,

    /// <summary>A socket, pipe or device.</summary>
    Other,
}
