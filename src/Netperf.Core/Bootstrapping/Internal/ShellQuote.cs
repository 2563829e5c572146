using System.Text.RegularExpressions;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>
/// The shapes of values the bootstrap scripts accept; the quoting itself is the public
/// <see cref="Remoting.ShellQuoting"/>, to which the quoting members here forward.
/// </summary>
internal static partial class ShellQuote
{
    public static string Posix(string value) => Remoting.ShellQuoting.Posix(value);

    public static string PowerShell(string value) => Remoting.ShellQuoting.PowerShell(value);

    /// <summary>A pair id, tool name or user name that may appear in paths and scripts.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")]
    public static partial Regex SafeName();

    /// <summary>An OpenSSH public key line: type, base64 key, optional comment without quotes.</summary>
    [GeneratedRegex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [A-Za-z0-9@._:+-]*)?$")]
    public static partial Regex PublicKeyLine();

    /// <summary>A host name or address.</summary>
    [GeneratedRegex("^[A-Za-z0-9.:_-]{1,253}$")]
    public static partial Regex HostName();

    public static string RequireSafe(string value, string what) => Remoting.ShellQuoting.RequireSafe(value, what);
}
