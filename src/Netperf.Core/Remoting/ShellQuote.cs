using System.Text.RegularExpressions;
using Netperf.Core.Pairs;

namespace Netperf.Core.Remoting;

/// <summary>
/// Quotes a value (a path, a name, any text) as one literal word for the shells a <see cref="RemoteCommand"/> runs in,
/// so nothing in it is expanded or splits the command: single quotes for POSIX sh (embedded quotes closed, escaped
/// and reopened) and for PowerShell (embedded quotes doubled).
/// </summary>
public static partial class ShellQuote
{
    /// <summary>Quotes <paramref name="value"/> for POSIX sh: <c>it's</c> becomes <c>'it'\''s'</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>One single-quoted word.</returns>
    public static string Posix(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes <paramref name="value"/> for PowerShell: <c>it's</c> becomes <c>'it''s'</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>One single-quoted string literal.</returns>
    public static string PowerShell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>Quotes <paramref name="value"/> for the shell of a machine of <paramref name="osFamily"/> (PowerShell on Windows, sh otherwise).</summary>
    /// <param name="osFamily">The machine's OS family.</param>
    /// <param name="value">The value.</param>
    /// <returns>The quoted value.</returns>
    public static string For(OsFamily osFamily, string value) =>
        osFamily == OsFamily.Windows ? PowerShell(value) : Posix(value);

    /// <summary>A pair id, tool name or user name that may appear in paths and scripts.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")]
    internal static partial Regex SafeName();

    /// <summary>An OpenSSH public key line: type, base64 key, optional comment without quotes.</summary>
    [GeneratedRegex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [A-Za-z0-9@._:+-]*)?$")]
    internal static partial Regex PublicKeyLine();

    /// <summary>A host name or address.</summary>
    [GeneratedRegex("^[A-Za-z0-9.:_-]{1,253}$")]
    internal static partial Regex HostName();

    internal static string RequireSafe(string value, string what) =>
        SafeName().IsMatch(value)
            ? value
            : throw new ArgumentException($"The {what} '{value}' may only hold letters, digits, '.', '_', '+' and '-' (at most 64).", what);
}
