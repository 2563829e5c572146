namespace Netperf.Docs.Tests.Commands;

/// <summary>One command of a fenced command block in a Markdown page.</summary>
/// <param name="File">The page, relative to the repository root, with forward slashes.</param>
/// <param name="Line">The 1-based line of the command in the page.</param>
/// <param name="Language">The block's info string (bash, sh, console, shell, pwsh, powershell).</param>
/// <param name="Text">The command: continuation lines joined, the trailing comment removed, whitespace collapsed.</param>
public sealed record DocCommand(string File, int Line, string Language, string Text)
{
    /// <summary>Where the command is, as <c>file:line</c> (how an editor opens it).</summary>
    public string Location => $"{File}:{Line}";

    /// <inheritdoc />
    public override string ToString() => $"{Location}: {Text}";
}
