using System.Text;

namespace Netperf.Docs.Tests.Commands;

/// <summary>
/// Finds the commands in a Markdown page's fenced blocks marked as commands (<c>```bash</c>, <c>sh</c>,
/// <c>shell</c>, <c>console</c>, <c>pwsh</c>, <c>powershell</c>). A block without a language or with
/// another one (json, csharp, yaml, a usage synopsis) is not a command block.
/// </summary>
public static class MarkdownCommands
{
    /// <summary>The info strings that mark a fenced block as commands.</summary>
    public static IReadOnlySet<string> CommandLanguages { get; } =
        new HashSet<string>(["bash", "sh", "shell", "console", "pwsh", "powershell"], StringComparer.OrdinalIgnoreCase);

    /// <summary>Every command of every command block in the page's text.</summary>
    /// <param name="file">The page's repository-relative path (recorded on each command).</param>
    /// <param name="markdown">The page's text.</param>
    public static IReadOnlyList<DocCommand> Parse(string file, string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var commands = new List<DocCommand>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!TryOpenFence(lines[i], out var fence, out var language))
            {
                continue;
            }

            var body = new List<(int Line, string Text)>();
            var end = i + 1;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith(fence, StringComparison.Ordinal))
            {
                body.Add((end + 1, lines[end]));
                end++;
            }

            if (end == lines.Length)
            {
                throw new InvalidOperationException($"{file}:{i + 1}: the fenced block opened here is never closed.");
            }

            if (CommandLanguages.Contains(language))
            {
                commands.AddRange(ParseBlock(file, language, body));
            }

            i = end;
        }

        return commands;
    }

    private static bool TryOpenFence(string line, out string fence, out string language)
    {
        var trimmed = line.TrimStart();
        var marker = trimmed.StartsWith("```", StringComparison.Ordinal) ? '`' : trimmed.StartsWith("~~~", StringComparison.Ordinal) ? '~' : '\0';
        if (marker == '\0')
        {
            fence = language = string.Empty;
            return false;
        }

        var length = trimmed.TakeWhile(c => c == marker).Count();
        fence = new string(marker, length);
        var info = trimmed[length..].Trim();
        language = info.Split([' ', '{', ','], 2)[0];
        return true;
    }

    private static IEnumerable<DocCommand> ParseBlock(string file, string language, List<(int Line, string Text)> body)
    {
        // A console block shows a session: only the prompted lines are commands, the rest is output.
        var prompted = body.Any(l => l.Text.TrimStart().StartsWith("$ ", StringComparison.Ordinal));
        var pending = new StringBuilder();
        var pendingLine = 0;
        foreach (var (number, raw) in body)
        {
            var text = raw.Trim();
            if (pending.Length == 0)
            {
                if (prompted)
                {
                    if (!text.StartsWith("$ ", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    text = text[2..].TrimStart();
                }

                if (text.Length == 0 || text.StartsWith('#'))
                {
                    continue;
                }

                pendingLine = number;
            }

            var continued = text.EndsWith('\\');
            pending.Append(continued ? text[..^1] : text).Append(' ');
            if (!continued)
            {
                yield return new DocCommand(file, pendingLine, language, Normalize(StripComment(pending.ToString())));
                pending.Clear();
            }
        }

        if (pending.Length > 0)
        {
            yield return new DocCommand(file, pendingLine, language, Normalize(StripComment(pending.ToString())));
        }
    }

    /// <summary>Removes a shell comment (a <c>#</c> after whitespace, outside quotes).</summary>
    public static string StripComment(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var quote = '\0';
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"')
                {
                    i++;
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (c == '#' && (i == 0 || char.IsWhiteSpace(command[i - 1])))
            {
                return command[..i];
            }
        }

        return command;
    }

    /// <summary>Collapses runs of whitespace (outside nothing: commands are compared as text) and trims.</summary>
    public static string Normalize(string command) =>
        string.Join(' ', (command ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
