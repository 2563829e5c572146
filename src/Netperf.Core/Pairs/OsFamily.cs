namespace Netperf.Core.Pairs;

/// <summary>The operating-system family of a machine; decides shells, paths and which job dimensions apply.</summary>
public enum OsFamily
{
    /// <summary>Linux (any distribution).</summary>
    Linux,

    /// <summary>Windows (Server or client, including prerelease builds).</summary>
    Windows,
}
