using System.Text.RegularExpressions;
using Netperf.Core.Pairs;

namespace Netperf.Core.Remoting;

/// <summary>
/// Quoting of values for the command lines and scripts a <see cref="IRemoteShell"/> runs: the one place every
/// package quotes for a POSIX shell or PowerShell, so a value never becomes shell syntax, and the shapes of the
/// names that may appear in paths and scripts unquoted.
/// </summary>
public static partial class ShellQuoting
{
    private const string BareWordPunctuation = "-_./:=";

    /// <summary>A value as one single-quoted POSIX shell word: <c>it's</c> becomes <c>'it'\''s'</c>.</summary>
    /// <param name="value">Any text.</param>
    /// <returns>The quoted word.</returns>
    public static string Posix(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// A value as one POSIX shell word, quoted only when it needs it: bare when it is non-empty and holds only
    /// letters, digits and <c>-_./:=</c> (so command lines stay readable in logs), else as <see cref="Posix"/>.
    /// </summary>
    /// <param name="value">Any text.</param>
    /// <returns>The word.</returns>
    public static string PosixWord(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || BareWordPunctuation.Contains(c, StringComparison.Ordinal))
            ? value
            : Posix(value);
    }

    /// <summary>
    /// A value as one single-quoted PowerShell string: <c>it's</c> becomes <c>'it''s'</c>. PowerShell also takes the
    /// typographic single quotes U+2018 to U+201B for <c>'</c>, so each of them is doubled too.
    /// </summary>
    /// <param name="value">Any text.</param>
    /// <returns>The quoted string.</returns>
    public static string PowerShell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = new System.Text.StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            text.Append(c);
            if (c is '\'' or '\u2018' or '\u2019' or '\u201A' or '\u201B')
            {
                text.Append(c);
            }
        }

        return text.Append('\'').ToString();
    }

    /// <summary>Quotes <paramref name="value"/> for the shell of a machine of <paramref name="osFamily"/> (PowerShell on Windows, sh otherwise).</summary>
    /// <param name="osFamily">The machine's OS family.</param>
    /// <param name="value">Any text.</param>
    /// <returns>The quoted value.</returns>
    public static string For(OsFamily osFamily, string value) =>
        osFamily == OsFamily.Windows ? PowerShell(value) : Posix(value);

    /// <summary>
    /// Checks that a name (a pair id, tool name or user name) that appears in paths and scripts holds only letters,
    /// digits, '.', '_', '+' and '-' (at most 64, starting with a letter or digit).
    /// </summary>
    /// <param name="value">The name.</param>
    /// <param name="what">What it is, for the message (<c>pair id</c>).</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ArgumentException">The name holds anything else.</exception>
    public static string RequireSafe(string value, string what)
    {
        ArgumentNullException.ThrowIfNull(value);
        return SafeName().IsMatch(value)
            ? value
            : throw new ArgumentException($"The {what} '{value}' may only hold letters, digits, '.', '_', '+' and '-' (at most 64).", what);
    }

    /// <summary>A pair id, tool name or user name that may appear in paths and scripts.</summary>
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$")]
    internal static partial Regex SafeName();

    /// <summary>An OpenSSH public key line: type, base64 key, optional comment without quotes.</summary>
    [GeneratedRegex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521) [A-Za-z0-9+/]+={0,3}( [A-Za-z0-9@._:+-]*)?$")]
    internal static partial Regex PublicKeyLine();

    /// <summary>A host name or address.</summary>
    [GeneratedRegex("^[A-Za-z0-9.:_-]{1,253}$")]
    internal static partial Regex HostName();
}
