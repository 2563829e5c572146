using System.Text.RegularExpressions;

namespace Netperf.Core.Bootstrapping.Internal;

/// <summary>Quoting for the two shells the bootstrap scripts are written in, and the shapes of values they accept.</summary>
internal static partial class ShellQuote
{
    public static string Posix(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    public static string PowerShell(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A pair id, tool name or user name that may appear in paths and scripts.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")]
    public static partial Regex SafeName();

    /// <summary>An OpenSSH public key line: type, base64 key, optional comment without quotes.</summary>
    [GeneratedRegex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [A-Za-z0-9@._:+-]*)?$")]
    public static partial Regex PublicKeyLine();

    /// <summary>A host name or address.</summary>
    [GeneratedRegex("^[A-Za-z0-9.:_-]{1,253}$")]
    public static partial Regex HostName();

    public static string RequireSafe(string value, string what) =>
        SafeName().IsMatch(value)
            ? value
            : throw new ArgumentException($"The {what} '{value}' may only hold letters, digits, '.', '_', '+' and '-' (at most 64).", what);
}
