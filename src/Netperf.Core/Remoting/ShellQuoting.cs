using System.Text.RegularExpressions;

namespace Netperf.Core.Remoting;

/// <summary>
/// Quoting of values for the command lines and scripts a <see cref="IRemoteShell"/> runs: the one place every
/// package quotes for a POSIX shell or PowerShell, so a value never becomes shell syntax.
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

    /// <summary>A value as one single-quoted PowerShell string: <c>it's</c> becomes <c>'it''s'</c>.</summary>
    /// <param name="value">Any text.</param>
    /// <returns>The quoted string.</returns>
    public static string PowerShell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

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
}
